using GraphQL;
using GraphQL.Execution;
using GraphQL.SystemTextJson;
using GraphQL.Types;
using GraphQL.Validation;
using GraphQL.Validation.Complexity;
using GraphQL.Validation.Rules.Custom;
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
        var rules = DocumentValidator.CoreRules.Append(new ComplexityValidationRule(new ComplexityOptions
        {
            MaxDepth = options.MaxDepth,
            MaxComplexity = options.MaxComplexity,
        }));
        if (!options.EnableIntrospection)
        {
            rules = rules.Append(NoIntrospectionValidationRule.Instance);
        }

        _postRules = [.. rules];
        _getRules = [.. _postRules, HttpGetQueryOnlyValidationRule.Instance];
    }

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

        var read = await GraphQLHttpRequestReader.ReadAsync(request, _serializer, context.RequestAborted);
        if (!read.Succeeded)
        {
            await WriteAsync(context, read.Problem.StatusCode, mediaType, ErrorResult(read.Problem.Message));
            return;
        }

        var services = context.RequestServices;
        var executer = services.GetService<IDocumentExecuter>() ?? FallbackExecuter;
        var result = await executer.ExecuteAsync(new ExecutionOptions
        {
            Schema = services.GetRequiredService<ISchema>(),
            Query = read.Request.Query,
            OperationName = read.Request.OperationName,
            Variables = read.Request.Variables,
            Extensions = read.Request.Extensions,
            ValidationRules = isGet ? _getRules : _postRules,
            RequestServices = services,
            User = context.User,
            // The executer links this with Timeout and answers an expired timeout with a TimeoutError result.
            CancellationToken = context.RequestAborted,
            Timeout = _options.ExecutionTimeout,
            TimeoutAction = TimeoutAction.ReturnTimeoutError,
            UnhandledExceptionDelegate = exception => MaskAsync(exception, context.TraceIdentifier),
        });

        if (result.Errors?.OfType<HttpGetNotAllowedError>().Any() == true)
        {
            context.Response.Headers.Allow = "POST";
            await WriteAsync(context, StatusCodes.Status405MethodNotAllowed, mediaType, result);
            return;
        }

        await WriteAsync(context, StatusCodeFor(result, mediaType), mediaType, result);
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

    private Task MaskAsync(UnhandledExceptionContext exception, string correlationId)
    {
        if (_options.ExposeExceptionDetails)
        {
            exception.ErrorMessage = exception.OriginalException.Message;
            return Task.CompletedTask;
        }

        _logger.LogError(
            exception.OriginalException,
            "Unhandled exception in GraphQL field {FieldPath}, correlation id {CorrelationId}",
            exception.FieldContext is { } field ? string.Join('.', field.Path) : "(document)",
            correlationId);
        exception.ErrorMessage = $"Internal server error. Correlation id: {correlationId}";
        return Task.CompletedTask;
    }

    private static ExecutionResult ErrorResult(string message) => new() { Errors = [new ExecutionError(message)] };

    private async Task WriteAsync(HttpContext context, int statusCode, string mediaType, ExecutionResult result)
    {
        context.Response.StatusCode = statusCode;
        context.Response.ContentType = mediaType + "; charset=utf-8";
        await _serializer.WriteAsync(context.Response.Body, result, context.RequestAborted);
    }
}
