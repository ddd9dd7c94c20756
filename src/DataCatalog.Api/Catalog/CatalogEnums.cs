using DataCatalog.Core.Catalog;
using DataCatalog.Core.Changes;
using DataCatalog.Core.Privacy;
using DataCatalog.Core.Profiling;
using DataCatalog.Core.Scoring;
using DataCatalog.Persistence.Model;
using GraphQL.Types;

namespace DataCatalog.Api.Catalog;

public sealed class DatasetKindType : EnumerationGraphType<DatasetKind>;

public sealed class DatasetStatusType : EnumerationGraphType<DatasetStatus>;

public sealed class PiiClassType : EnumerationGraphType<PiiClass>;

public sealed class InferredTypeType : EnumerationGraphType<InferredType>;

public sealed class SemanticTypeType : EnumerationGraphType<SemanticType>;

public sealed class QualityDimensionType : EnumerationGraphType<QualityDimension>;

public sealed class HarvestStatusType : EnumerationGraphType<HarvestStatus>;

public sealed class ChangeKindType : EnumerationGraphType<ChangeKind>;
