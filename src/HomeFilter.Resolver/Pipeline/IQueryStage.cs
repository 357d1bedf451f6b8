namespace HomeFilter.Resolver.Pipeline;

/// <summary>
/// One step of the query path. A stage either answers (writes <see cref="QueryContext.Response"/>
/// and sets <see cref="QueryContext.Outcome"/>) and returns, or calls the next handler.
/// Stages never touch the socket: the transport finalises and sends once.
/// </summary>
public interface IQueryStage
{
    ValueTask InvokeAsync(QueryContext context, QueryHandler next);
}
