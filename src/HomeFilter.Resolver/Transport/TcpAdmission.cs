namespace HomeFilter.Resolver.Transport;

/// <summary>What <see cref="TcpConnectionTable.Admit"/> decided for a new connection.</summary>
internal enum TcpAdmission : byte
{
    Admitted,

    /// <summary>Admitted after the oldest idle connection of the busiest client was closed to make room.</summary>
    AdmittedByEviction,

    /// <summary>Its client already holds its share of connections.</summary>
    ClientLimit,

    /// <summary>Every connection is in use by a query under way; nothing idle could make room.</summary>
    Full,
}
