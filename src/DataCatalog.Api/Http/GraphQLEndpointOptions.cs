namespace DataCatalog.Api.Http;

/// <summary>Limits and error policy for one GraphQL-over-HTTP endpoint.</summary>
public sealed class GraphQLEndpointOptions
{
    /// <summary>Deepest field nesting a document may have; deeper documents fail validation.</summary>
    public int MaxDepth { get; set; } = 15;

    /// <summary>Highest complexity score (GraphQL.NET's complexity analyzer) a document may have.</summary>
    public int MaxComplexity { get; set; } = 20000;

    /// <summary>Most distinct root fields (response keys) one operation may select.</summary>
    public int MaxRootFields { get; set; } = 30;

    /// <summary>Most aliases a document may have; each alias of a root field is another round of SQL.</summary>
    public int MaxAliases { get; set; } = 200;

    /// <summary>Operations executing at once on this endpoint; each holds at most one catalog connection at a time.</summary>
    public int MaxConcurrentExecutions { get; set; } = 8;

    /// <summary>Operations waiting for a free execution slot; beyond them a request is refused at once with 503.</summary>
    public int MaxQueuedExecutions { get; set; } = 100;

    /// <summary>Largest POST body read, in bytes; a larger one is refused with 413.</summary>
    public int MaxRequestBytes { get; set; } = 1024 * 1024;

    /// <summary>Time an operation may run before it is cancelled and answered with a timeout error.</summary>
    public TimeSpan ExecutionTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>
    /// Whether <c>__schema</c>/<c>__type</c> queries are allowed. <see cref="GraphQLEndpointRouteBuilderExtensions.MapGraphQLEndpoint"/>
    /// sets it to true in the Development environment before the caller's configuration runs.
    /// </summary>
    public bool EnableIntrospection { get; set; }

    /// <summary>
    /// When false (the default) a request without an accepted bearer token is answered 401 with <c>UNAUTHENTICATED</c>;
    /// when true it runs as a read-only analyst. A token that was sent but not accepted is refused either way.
    /// </summary>
    public bool AllowAnonymous { get; set; }

    /// <summary>When false, unexpected exceptions reach the client only as "Internal server error" with a correlation id.</summary>
    public bool ExposeExceptionDetails { get; set; }
}
