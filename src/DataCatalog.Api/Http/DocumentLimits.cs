using GraphQLParser.AST;

namespace DataCatalog.Api.Http;

/// <summary>A client mistake found before execution: a stable code for <c>extensions.code</c> and a short message.</summary>
public sealed record GraphQLRequestRefusal(string Code, string Message);

/// <summary>
/// Limits counted on the parsed document before validation: root fields and aliases (each alias of a root field
/// is one more SQL round, whatever the complexity score says) and introspection nesting.
/// </summary>
public static class DocumentLimits
{
    /// <summary>
    /// How often <c>fields</c>, <c>inputFields</c>, <c>interfaces</c> and <c>possibleTypes</c> may nest inside
    /// introspection; graphql-js's MaxIntrospectionDepthRule allows the same 3, which the standard query stays under.
    /// </summary>
    public const int MaxIntrospectionListNesting = 3;

    private static readonly string[] IntrospectionLists = ["fields", "inputFields", "interfaces", "possibleTypes"];

    /// <summary>Returns the first limit <paramref name="document"/> breaks, or null.</summary>
    public static GraphQLRequestRefusal? Check(GraphQLDocument document, GraphQLEndpointOptions options)
    {
        ArgumentNullException.ThrowIfNull(document);
        ArgumentNullException.ThrowIfNull(options);
        var fragments = new Dictionary<string, GraphQLFragmentDefinition>(StringComparer.Ordinal);
        var aliases = 0;
        foreach (var definition in document.Definitions)
        {
            if (definition is GraphQLFragmentDefinition fragment)
            {
                fragments.TryAdd(fragment.FragmentName.Name.StringValue, fragment);
            }

            if (definition is GraphQLExecutableDefinition executable)
            {
                aliases += CountAliases(executable.SelectionSet);
            }
        }

        if (aliases > options.MaxAliases)
        {
            return new("TOO_MANY_ALIASES",
                $"The document has {aliases} aliases; at most {options.MaxAliases} are allowed (GraphQL:MaxAliases). Split it into several requests.");
        }

        var measured = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var operation in document.Definitions.OfType<GraphQLOperationDefinition>())
        {
            var rootFields = new HashSet<string>(StringComparer.Ordinal);
            CollectResponseKeys(operation.SelectionSet, fragments, rootFields, []);
            if (rootFields.Count > options.MaxRootFields)
            {
                return new("TOO_MANY_ROOT_FIELDS",
                    $"An operation selects {rootFields.Count} root fields; at most {options.MaxRootFields} are allowed (GraphQL:MaxRootFields). Split it into several requests.");
            }

            if (IntrospectionNesting(operation.SelectionSet, fragments, measured) > MaxIntrospectionListNesting)
            {
                return new("INTROSPECTION_TOO_DEEP",
                    $"Introspection nests 'fields', 'inputFields', 'interfaces' or 'possibleTypes' more than {MaxIntrospectionListNesting} times; ask for one type at a time with __type(name: ...).");
            }
        }

        return null;
    }

    /// <summary>Finds the operation the executer will run, or null when the document does not say which.</summary>
    public static GraphQLOperationDefinition? SelectOperation(GraphQLDocument document, string? operationName)
    {
        ArgumentNullException.ThrowIfNull(document);
        var operations = document.Definitions.OfType<GraphQLOperationDefinition>().ToList();
        if (string.IsNullOrEmpty(operationName))
        {
            return operations.Count == 1 ? operations[0] : null;
        }

        return operations.FirstOrDefault(o => o.Name is { } name && name.Value == operationName);
    }

    private static int CountAliases(GraphQLSelectionSet? selections)
    {
        if (selections is null)
        {
            return 0;
        }

        var count = 0;
        foreach (var selection in selections.Selections)
        {
            count += selection switch
            {
                GraphQLField field => (field.Alias is null ? 0 : 1) + CountAliases(field.SelectionSet),
                GraphQLInlineFragment inline => CountAliases(inline.SelectionSet),
                _ => 0,
            };
        }

        return count;
    }

    // Response keys, not selections: the executer merges fields that share a key, so a fragment spread twice counts
    // once; expanding each fragment once also keeps a fragment that spreads another twice, nested, from going exponential.
    private static void CollectResponseKeys(
        GraphQLSelectionSet selections, Dictionary<string, GraphQLFragmentDefinition> fragments, HashSet<string> keys, HashSet<string> expanded)
    {
        foreach (var selection in selections.Selections)
        {
            switch (selection)
            {
                case GraphQLField field:
                    keys.Add((field.Alias?.Name ?? field.Name).StringValue);
                    break;
                case GraphQLInlineFragment inline:
                    CollectResponseKeys(inline.SelectionSet, fragments, keys, expanded);
                    break;
                case GraphQLFragmentSpread spread
                    when fragments.TryGetValue(spread.FragmentName.Name.StringValue, out var fragment) && expanded.Add(fragment.FragmentName.Name.StringValue):
                    CollectResponseKeys(fragment.SelectionSet, fragments, keys, expanded);
                    break;
            }
        }
    }

    // Deepest nesting of introspection list fields in this selection set, capped just above the limit; each fragment
    // is measured once (a cycle counts as nothing here: validation refuses it).
    private static int IntrospectionNesting(
        GraphQLSelectionSet? selections, Dictionary<string, GraphQLFragmentDefinition> fragments, Dictionary<string, int> measured)
    {
        if (selections is null)
        {
            return 0;
        }

        var deepest = 0;
        foreach (var selection in selections.Selections)
        {
            var nested = selection switch
            {
                GraphQLField field => (IntrospectionLists.Contains(field.Name.StringValue) ? 1 : 0)
                    + IntrospectionNesting(field.SelectionSet, fragments, measured),
                GraphQLInlineFragment inline => IntrospectionNesting(inline.SelectionSet, fragments, measured),
                GraphQLFragmentSpread spread when fragments.TryGetValue(spread.FragmentName.Name.StringValue, out var fragment)
                    => FragmentNesting(fragment, fragments, measured),
                _ => 0,
            };
            deepest = Math.Min(Math.Max(deepest, nested), MaxIntrospectionListNesting + 1);
        }

        return deepest;
    }

    private static int FragmentNesting(
        GraphQLFragmentDefinition fragment, Dictionary<string, GraphQLFragmentDefinition> fragments, Dictionary<string, int> measured)
    {
        var name = fragment.FragmentName.Name.StringValue;
        if (measured.TryGetValue(name, out var known))
        {
            return known;
        }

        measured[name] = 0;
        return measured[name] = IntrospectionNesting(fragment.SelectionSet, fragments, measured);
    }
}
