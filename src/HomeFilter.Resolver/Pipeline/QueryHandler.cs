namespace HomeFilter.Resolver.Pipeline;

/// <summary>The rest of the pipeline, as seen by a stage.</summary>
public delegate ValueTask QueryHandler(QueryContext context);
