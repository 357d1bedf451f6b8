Console.WriteLine("HomeFilter");
