using System.Threading.RateLimiting;
using DataCatalog.Api.Access;
using GraphQL;
using GraphQL.Execution;
using GraphQL.SystemTextJson;
using GraphQL.Types;
using GraphQL.Validation;
using GraphQL.Validation.Complexity;
using GraphQL.Validation.Rules.Custom;
using GraphQLParser;
using GraphQLParser.AST;
using GraphQLParser.Exceptions;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace DataCatalog.Api.Http;

/// <summary>Serves GraphQL over HTTP (GET and POST, JSON) following the GraphQL-over-HTTP draft.</summary>
public sealed class GraphQLHttpEndpoint
{
    private static readonly IDocumentExecuter FallbackExecuter = new DocumentExecuter();

    private readonly GraphQLEndpointOptions _options;
    private readonly ILogger<GraphQLHttpEndpoint> _logger;
    private readonly GraphQLSerializer _serializer;
    private readonly IValidationRule[] _postRules;
    private readonly IValidationRule[] _getRules;
    private readonly ConcurrencyLimiter _executions;

    public GraphQLHttpEndpoint(GraphQLEndpointOptions options, ILogger<GraphQLHttpEndpoint> logger)
    {
        ArgumentNullException.ThrowIfNull(options);
        _options = options;
        _logger = logger;
        // Korean text stays readable in responses; only characters that need escaping in JSON are escaped.
        _serializer = new GraphQLSerializer(
            json => json.Encoder = System.Text.Encodings.Web.JavaScriptEncoder.Create(System.Text.Unicode.UnicodeRanges.All),
            new ErrorInfoProvider(new ErrorInfoProviderOptions { ExposeExceptionDetails = options.ExposeExceptionDetails }));

        // Setting ValidationRules replaces GraphQL.NET's defaults, so the core rules are listed first.
        var complexity = new ComplexityOptions { MaxDepth = options.MaxDepth, MaxComplexity = options.MaxComplexity };
        var defaultImpact = complexity.DefaultComplexityImpactDelegate;
        // Introspection reads the in-memory schema. Its fields without a cost of their own (args, ofType, name, …) cost
        // one point and multiply nothing, instead of the default list multiplier of 5 at every level, which priced the
        // standard introspection query of GraphiQL and codegen tools at 634,324 (6,963 so). GraphQL.NET's own costs of __schema,
        // types and fields still grow with the schema, and DocumentLimits bounds how deep introspection nests.
        complexity.DefaultComplexityImpactDelegate = context => IsIntrospection(context)
            ? new FieldComplexityResult(1, 1)
            : defaultImpact(context);
        var rules = DocumentValidator.CoreRules.Append(new ComplexityValidationRule(complexity));
        if (!options.EnableIntrospection)
        {
            rules = rules.Append(NoIntrospectionValidationRule.Instance);
        }

        _postRules = [.. rules];
        _getRules = [.. _postRules, HttpGetQueryOnlyValidationRule.Instance];
        _executions = new ConcurrencyLimiter(new ConcurrencyLimiterOptions
        {
            PermitLimit = Math.Max(1, options.MaxConcurrentExecutions),
            QueueLimit = Math.Max(0, options.MaxQueuedExecutions),
            QueueProcessingOrder = QueueProcessingOrder.OldestFirst,
        });
    }

    /// <summary>How many characters of a client's document or argument reach the log.</summary>
    public const int LoggedPrefixLength = 200;

    /// <summary>Deepest AST nesting the parser follows before it refuses a document (GraphQL-Parser's own default).</summary>
    public const int MaxParserDepth = 128;

    public async Task HandleAsync(HttpContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var request = context.Request;
        var isGet = HttpMethods.IsGet(request.Method);
        if (!isGet && !HttpMethods.IsPost(request.Method))
        {
            context.Response.StatusCode = StatusCodes.Status405MethodNotAllowed;
            context.Response.Headers.Allow = "GET, POST";
            return;
        }

        var mediaType = GraphQLMediaTypes.Negotiate(request.GetTypedHeaders().Accept);
        if (mediaType is null)
        {
            await WriteAsync(context, StatusCodes.Status406NotAcceptable, GraphQLMediaTypes.Json, ErrorResult(
                $"The Accept header must allow {GraphQLMediaTypes.GraphQLResponseJson} or {GraphQLMediaTypes.Json}."));
            return;
        }

        if (Unauthenticated(context) is { } unauthenticated)
        {
            LogRefusal(context, unauthenticated.Code!, "");
            // 401 for both media types: the request is well formed but nobody is asking, and the challenge says how to ask.
            context.Response.Headers.WWWAuthenticate = "Bearer";
            await WriteAsync(context, StatusCodes.Status401Unauthorized, mediaType, ErrorResult(unauthenticated));
            return;
        }

        var read = await GraphQLHttpRequestReader.ReadAsync(request, _serializer, _options.MaxRequestBytes, context.RequestAborted);
        if (!read.Succeeded)
        {
            await WriteAsync(context, read.Problem.StatusCode, mediaType, ErrorResult(read.Problem.Message));
            return;
        }

        var services = context.RequestServices;
        var schema = services.GetRequiredService<ISchema>();
        var query = read.Request.Query ?? "";
        var (document, refusal) = Parse(query);
        if (refusal is null && document is not null)
        {
            refusal = DocumentLimits.Check(document, _options);
            if (refusal is null && DocumentLimits.SelectOperation(document, read.Request.OperationName) is { } operation)
            {
                if (isGet && operation.Operation != OperationType.Query)
                {
                    LogRefusal(context, "HTTP_GET_NOT_ALLOWED", query);
                    context.Response.Headers.Allow = "POST";
                    await WriteAsync(context, StatusCodes.Status405MethodNotAllowed, mediaType, ErrorResult(new ExecutionError(
                        $"Only query operations can be sent with GET; send this {operation.Operation.ToString().ToLowerInvariant()} with POST.")
                    { Code = "HTTP_GET_NOT_ALLOWED" }));
                    return;
                }

                refusal = UnsupportedOperation(operation.Operation, schema);
            }
        }

        if (refusal is not null)
        {
            LogRefusal(context, refusal.Code, query);
            await WriteAsync(context, mediaType == GraphQLMediaTypes.Json ? StatusCodes.Status200OK : StatusCodes.Status400BadRequest,
                mediaType, ErrorResult(new ExecutionError(refusal.Message) { Code = refusal.Code }));
            return;
        }

        // The queue wait counts against the execution timeout: a request gets, all told, at most ExecutionTimeout.
        var arrived = TimeProvider.System.GetTimestamp();
        using var waitLimit = CancellationTokenSource.CreateLinkedTokenSource(context.RequestAborted);
        waitLimit.CancelAfter(_options.ExecutionTimeout);
        RateLimitLease lease;
        try
        {
            lease = await _executions.AcquireAsync(1, waitLimit.Token);
        }
        catch (OperationCanceledException)
        {
            if (context.RequestAborted.IsCancellationRequested)
            {
                // The client left while waiting; there is no one to answer.
                return;
            }

            lease = FailedLease.Instance;
        }

        using (lease)
        {
            if (!lease.IsAcquired)
            {
                _logger.LogWarning(
                    "Refused GraphQL request {TraceId}: {Running} executions running and {Queued} queued (GraphQL:MaxConcurrentExecutions, GraphQL:MaxQueuedExecutions)",
                    context.TraceIdentifier, _options.MaxConcurrentExecutions, _options.MaxQueuedExecutions);
                context.Response.Headers.RetryAfter = "1";
                await WriteAsync(context, StatusCodes.Status503ServiceUnavailable, mediaType, ErrorResult(new ExecutionError(
                    "The catalog is answering as many requests as it can; retry after a second.") { Code = "SERVER_BUSY" }));
                return;
            }

            var remaining = _options.ExecutionTimeout - TimeProvider.System.GetElapsedTime(arrived);
            await ExecuteAsync(context, isGet, mediaType, read.Request, query, document, schema, remaining > TimeSpan.Zero ? remaining : TimeSpan.FromMilliseconds(1));
        }
    }

    private async Task ExecuteAsync(
        HttpContext context, bool isGet, string mediaType, GraphQL.Transport.GraphQLRequest request, string query, GraphQLDocument? document,
        ISchema schema, TimeSpan timeout)
    {
        var services = context.RequestServices;
        var executer = services.GetService<IDocumentExecuter>() ?? FallbackExecuter;
        var failures = new FieldFailures();
        var result = await executer.ExecuteAsync(new ExecutionOptions
        {
            Schema = schema,
            Query = query,
            Document = document,
            OperationName = request.OperationName,
            Variables = request.Variables,
            Extensions = request.Extensions,
            ValidationRules = isGet ? _getRules : _postRules,
            RequestServices = services,
            User = context.User,
            // The executer links this with Timeout and answers an expired timeout with a TimeoutError result.
            CancellationToken = context.RequestAborted,
            Timeout = timeout,
            TimeoutAction = TimeoutAction.ReturnTimeoutError,
            UnhandledExceptionDelegate = exception => MaskAsync(exception, context.TraceIdentifier, failures),
        });

        if (failures.Count > 1)
        {
            _logger.LogError(
                "{Count} more fields of GraphQL request {CorrelationId} failed the same way or otherwise; only the first was logged",
                failures.Count - 1, context.TraceIdentifier);
        }

        if (result.Errors?.OfType<TimeoutError>().Any() == true)
        {
            _logger.LogWarning(
                "GraphQL request {TraceId} stopped at its execution timeout of {Timeout} (GraphQL:ExecutionTimeout): {QueryPrefix}",
                context.TraceIdentifier, _options.ExecutionTimeout, Prefix(query));
        }
        else if (!result.Executed && result.Errors is { Count: > 0 } errors)
        {
            LogRefusal(context, errors[0].Code ?? "INVALID_DOCUMENT", query);
        }

        if (result.Errors?.OfType<HttpGetNotAllowedError>().Any() == true)
        {
            context.Response.Headers.Allow = "POST";
            await WriteAsync(context, StatusCodes.Status405MethodNotAllowed, mediaType, result);
            return;
        }

        await WriteAsync(context, StatusCodeFor(result, mediaType), mediaType, result);
    }

    private (GraphQLDocument? Document, GraphQLRequestRefusal? Refusal) Parse(string query)
    {
        try
        {
            return (Parser.Parse(query, new ParserOptions { Ignore = IgnoreOptions.Comments, MaxDepth = MaxParserDepth }), null);
        }
        catch (GraphQLMaxDepthExceededException)
        {
            return (null, new("DOCUMENT_TOO_DEEP",
                $"The document nests deeper than the parser follows ({MaxParserDepth} syntax levels); fields may nest at most {_options.MaxDepth} deep (GraphQL:MaxDepth)."));
        }
        catch (GraphQLParserException)
        {
            // The executer parses again and answers with its standard syntax error and location.
            return (null, null);
        }
    }

    private static GraphQLRequestRefusal? UnsupportedOperation(OperationType operation, ISchema schema) => operation switch
    {
        OperationType.Mutation when schema.Mutation is null => new("OPERATION_NOT_SUPPORTED",
            "This catalog is read-only over GraphQL: the schema has no mutation type. Send a query."),
        OperationType.Subscription when schema.Subscription is null => new("OPERATION_NOT_SUPPORTED",
            "This catalog has no subscriptions: the schema has no subscription type. Send a query."),
        _ => null,
    };

    private ExecutionError? Unauthenticated(HttpContext context)
    {
        if (context.User.Identity?.IsAuthenticated == true)
        {
            return null;
        }

        if (!string.IsNullOrEmpty(context.Request.Headers.Authorization))
        {
            // A token that fails is never quietly downgraded to anonymous: the caller meant to be someone.
            return AccessErrors.NotAuthenticated(
                "The bearer token was not accepted (expired, not yet valid, or of another issuer, audience or key); get a new one and send it as 'Authorization: Bearer <token>'.");
        }

        return _options.AllowAnonymous
            ? null
            : AccessErrors.NotAuthenticated(
                "Sign in: send 'Authorization: Bearer <token>' (in development a token comes from 'auth token --role analyst' or POST /auth/token); anonymous access is off (Auth:AllowAnonymous).");
    }

    private static bool IsIntrospection(FieldImpactContext context)
        => context.FieldDefinition.Name is "__schema" or "__type" || context.ParentType.Name.StartsWith("__", StringComparison.Ordinal);

    private void LogRefusal(HttpContext context, string code, string query)
        => _logger.LogInformation(
            "Refused GraphQL request {TraceId} ({Code}) of {Length} characters: {QueryPrefix}",
            context.TraceIdentifier, code, query.Length, Prefix(query));

    /// <summary>At most <see cref="LoggedPrefixLength"/> characters of client text, on one line.</summary>
    public static string Prefix(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var prefix = text.Length <= LoggedPrefixLength ? text : text[..LoggedPrefixLength] + "…";
        return prefix.ReplaceLineEndings(" ");
    }

    // Legacy application/json clients read errors from the body only; the new media type moves
    // "nothing was executed" into the status code so that caches and proxies can see it.
    private static int StatusCodeFor(ExecutionResult result, string mediaType)
    {
        if (result.Executed || mediaType == GraphQLMediaTypes.Json)
        {
            return StatusCodes.Status200OK;
        }

        return result.Errors?.OfType<TimeoutError>().Any() == true
            ? StatusCodes.Status504GatewayTimeout
            : StatusCodes.Status400BadRequest;
    }

    private Task MaskAsync(UnhandledExceptionContext exception, string correlationId, FieldFailures failures)
    {
        if (_options.ExposeExceptionDetails)
        {
            exception.ErrorMessage = exception.OriginalException.Message;
            return Task.CompletedTask;
        }

        exception.ErrorMessage = $"Internal server error. Correlation id: {correlationId}";
        // One failure with its stack trace per request: a flood of aliases failing on an exhausted pool once wrote megabytes.
        if (failures.Add() > 1)
        {
            return Task.CompletedTask;
        }

        _logger.LogError(
            exception.OriginalException,
            "Unhandled exception in GraphQL field {FieldPath}, correlation id {CorrelationId}",
            exception.FieldContext is { } field ? string.Join('.', field.Path) : "(document)",
            correlationId);
        return Task.CompletedTask;
    }

    private static ExecutionResult ErrorResult(string message) => new() { Errors = [new ExecutionError(message)] };

    private static ExecutionResult ErrorResult(ExecutionError error) => new() { Errors = [error] };

    private async Task WriteAsync(HttpContext context, int statusCode, string mediaType, ExecutionResult result)
    {
        context.Response.StatusCode = statusCode;
        context.Response.ContentType = mediaType + "; charset=utf-8";
        await _serializer.WriteAsync(context.Response.Body, result, context.RequestAborted);
    }
}

/// <summary>Counts the fields of one request whose resolvers threw.</summary>
internal sealed class FieldFailures
{
    private int _count;

    public int Count => Volatile.Read(ref _count);

    public int Add() => Interlocked.Increment(ref _count);
}

/// <summary>The lease of a request whose wait for an execution slot outlasted the execution timeout.</summary>
internal sealed class FailedLease : RateLimitLease
{
    public static readonly FailedLease Instance = new();

    public override bool IsAcquired => false;

    public override IEnumerable<string> MetadataNames => [];

    public override bool TryGetMetadata(string metadataName, out object? metadata)
    {
        metadata = null;
        return false;
    }
}
