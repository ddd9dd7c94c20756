using GraphQL.Validation;
using GraphQLParser.AST;

namespace DataCatalog.Api.Http;

/// <summary>Rejects mutations and subscriptions sent over GET, which must stay safe and cacheable.</summary>
public sealed class HttpGetQueryOnlyValidationRule : ValidationRuleBase
{
    public static readonly HttpGetQueryOnlyValidationRule Instance = new();

    public override ValueTask<INodeVisitor?> GetPreNodeVisitorAsync(ValidationContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        if (context.Operation.Operation != OperationType.Query)
        {
            context.ReportError(new HttpGetNotAllowedError(context));
        }

        return default;
    }
}

/// <summary>The validation error that turns into HTTP 405 with <c>Allow: POST</c>.</summary>
public sealed class HttpGetNotAllowedError(ValidationContext context)
    : ValidationError(
        context.Document.Source,
        "http-get",
        $"Only query operations can be sent with GET; send this {context.Operation.Operation.ToString().ToLowerInvariant()} with POST.",
        context.Operation);
