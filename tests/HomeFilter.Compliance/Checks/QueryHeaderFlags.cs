namespace HomeFilter.Compliance;

/// <summary>
/// Header bits a check sets in its query besides RD, which recursive mode sets in every query.
/// </summary>
[Flags]
public enum QueryHeaderFlags
{
    None = 0,
    Aa = 1,
    Tc = 2,
    Ra = 4,
    Z = 8,
    Ad = 16,
    Cd = 32,
}
