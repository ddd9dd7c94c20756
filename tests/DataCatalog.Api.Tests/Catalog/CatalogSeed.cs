using DataCatalog.Core.Catalog;
using DataCatalog.Core.Changes;
using DataCatalog.Core.Privacy;
using DataCatalog.Core.Profiling;
using DataCatalog.Core.Scoring;
using DataCatalog.Persistence;
using DataCatalog.Persistence.Model;

namespace DataCatalog.Api.Tests.Catalog;

/// <summary>
/// A small city catalog with known rows: three departments, four sources, 30 datasets (29 active, one withdrawn),
/// two or three harvest runs per source, scores, rule results and schema changes.
/// </summary>
public static class CatalogSeed
{
    public const int ActiveDatasets = 29;
    public const string WithdrawnName = "public.old_parking_survey";
    public const string SecretReference = "env:TRN_DB_PASSWORD";

    private static readonly DateTimeOffset Run1At = new(2026, 3, 2, 1, 0, 0, TimeSpan.Zero);
    public static readonly DateTimeOffset Run2At = new(2026, 4, 1, 1, 0, 0, TimeSpan.Zero);
    private static readonly DateTimeOffset Run3At = new(2026, 5, 1, 1, 0, 0, TimeSpan.Zero);

    /// <summary>Source, qualified name, title, description, keywords and columns (name, type, description) of every dataset, numbered from 1.</summary>
    public static IReadOnlyList<DatasetSpec> Datasets { get; } =
    [
        new("trn-db", "public.parking_lot", "공영주차장 현황", "시에서 운영하는 공영주차장의 위치와 주차면수", ["주차", "공영주차장"],
            [("lot_id", "integer", "주차장 번호"), ("lot_name", "character varying(100)", "주차장 이름"), ("capacity", "integer", "주차면수")]),
        new("trn-db", "public.parking_fee", "주차요금 징수 내역", "공영주차장 주차요금 징수 기록", ["주차요금"],
            [("fee_id", "bigint", "징수 번호"), ("paid_at", "timestamp", "징수 일시"), ("amount", "integer", "요금")]),
        new("trn-db", "public.bus_stop", "버스 정류장 위치", "시내버스 정류장의 좌표와 이름", ["버스", "정류장"],
            [("stop_id", "integer", "정류장 번호"), ("stop_name", "text", "정류장 이름"), ("lat", "numeric", "위도"), ("lon", "numeric", "경도")]),
        new("trn-db", "public.bus_route", "버스 노선 정보", "시내버스 노선과 배차 간격", ["버스", "노선"],
            [("route_id", "integer", "노선 번호"), ("interval_min", "integer", "배차 간격(분)")]),
        new("trn-db", "public.traffic_card", "교통카드 승하차 내역", "교통카드 태그 기록", ["교통카드"],
            [("card_no", "text", "카드 번호"), ("boarding_stop", "integer", "승차 정류장"), ("tagged_at", "timestamp", "태그 일시")]),
        new("trn-db", "public.bike_station", "공공자전거 대여소", "공공자전거 대여소 위치와 거치대 수", ["자전거", "대여소"],
            [("station_id", "integer", "대여소 번호"), ("racks", "integer", "거치대 수")]),
        new("trn-db", "public.traffic_accident", "교통사고 발생 현황", "연도별 교통사고 발생 건수", ["교통사고"],
            [("year", "integer", "연도"), ("accidents", "integer", "발생 건수")]),
        new("trn-db", "public.road_construction", "도로 공사 일정", "도로 굴착 공사 기간과 구간", ["도로", "공사"],
            [("road_name", "text", "도로명"), ("starts_on", "date", "시작일"), ("ends_on", "date", "종료일")]),
        new("trn-db", "public.taxi_stand", "택시 승강장 위치", "택시 승강장 좌표", ["택시"],
            [("stand_id", "integer", "승강장 번호"), ("address", "text", "주소")]),
        new("trn-db", "public.traffic_cctv", "교통 CCTV 설치 현황", "교차로 CCTV 설치 위치", ["CCTV"],
            [("cctv_id", "integer", "CCTV 번호"), ("crossing", "text", "교차로")]),
        new("trn-files", "drops/illegal_stopping_2024.csv", "불법 주정차 단속 내역", "불법 주정차 단속 장소와 일시", ["주정차", "단속"],
            [("place", "text", "단속 장소"), ("fined_at", "timestamp", "단속 일시")]),
        new("trn-files", "drops/ev_charger.xlsx", "전기차 충전소 현황", "전기차 충전기 위치. 일부는 공영주차장 안에 있다", ["전기차", "충전소"],
            [("charger_id", "text", "충전기 번호"), ("kind", "text", "급속 또는 완속")]),
        new("trn-files", "drops/bus_shelter.csv", "버스 승차대 관리대장", "승차대 설치와 보수 이력", ["버스", "승차대"],
            [("shelter_id", "integer", "승차대 번호"), ("repaired_on", "date", "보수일")]),
        new("trn-files", "drops/road_sign.csv", "도로 표지판 목록", "도로 표지판 종류와 위치", ["표지판"],
            [("sign_id", "integer", "표지판 번호"), ("sign_type", "text", "종류")]),
        new("wel-portal", "senior-center", "경로당 현황", "동별 경로당 위치와 회원 수", ["경로당", "노인"],
            [("center_name", "text", "경로당 이름"), ("members", "integer", "회원 수")]),
        new("wel-portal", "daycare", "어린이집 현황", "어린이집 정원과 현원", ["어린이집", "보육"],
            [("daycare_name", "text", "어린이집 이름"), ("capacity", "integer", "정원")]),
        new("wel-portal", "welfare-facility", "사회복지시설 목록", "사회복지시설 종류와 주소", ["사회복지"],
            [("facility_name", "text", "시설 이름"), ("address", "text", "주소")]),
        new("wel-portal", "disabled-parking", "장애인 전용 주차구역", "장애인 전용 주차구역 위치와 면수", ["장애인", "주차구역"],
            [("zone_id", "integer", "구역 번호"), ("spaces", "integer", "면수")]),
        new("wel-portal", "food-bank", "푸드뱅크 이용 현황", "푸드뱅크 월별 이용자 수", ["푸드뱅크"],
            [("month", "text", "월"), ("users", "integer", "이용자 수")]),
        new("wel-portal", "basic-pension", "기초연금 수급자 통계", "동별 기초연금 수급자 수", ["기초연금"],
            [("dong", "text", "행정동"), ("recipients", "integer", "수급자 수")]),
        new("wel-portal", "youth-center", "청소년 수련관 프로그램", "청소년 수련관 강좌 목록", ["청소년"],
            [("program", "text", "프로그램"), ("seats", "integer", "정원")]),
        new("wel-portal", "elderly-meal", "노인 무료급식소", "무료급식소 위치와 운영 요일", ["노인", "급식"],
            [("place", "text", "급식소"), ("weekdays", "text", "운영 요일")]),
        new("wel-portal", "child-allowance", "아동수당 지급 현황", "월별 아동수당 지급 건수", ["아동수당"],
            [("month", "text", "월"), ("payments", "integer", "지급 건수")]),
        new("wel-portal", "disabled-welfare-center", "장애인 복지관 현황", "장애인 복지관 위치와 프로그램", ["장애인", "복지관"],
            [("center_name", "text", "복지관 이름"), ("address", "text", "주소")]),
        new("env-db", "public.air_quality", "대기질 측정 현황", "측정소별 미세먼지와 초미세먼지 농도", ["대기질", "미세먼지"],
            [("station", "text", "측정소"), ("pm10", "numeric", "미세먼지 농도"), ("pm25", "numeric", "초미세먼지 농도")]),
        new("env-db", "public.recycling_center", "재활용 선별장", "재활용품 선별장 위치와 처리량", ["재활용"],
            [("center_name", "text", "선별장 이름"), ("tonnes", "numeric", "처리량(톤)")]),
        new("env-db", "public.noise", "소음 측정 자료", "지점별 주간과 야간 소음", ["소음"],
            [("point", "text", "측정 지점"), ("db_day", "numeric", "주간 소음")]),
        new("env-db", "public.water_quality", "수질 검사 결과", "하천 수질 검사 항목과 결과", ["수질"],
            [("river", "text", "하천"), ("bod", "numeric", "생화학적 산소요구량")]),
        new("env-db", "public.waste_collection", "생활폐기물 수거 일정", "동별 생활폐기물 수거 요일", ["폐기물"],
            [("dong", "text", "행정동"), ("weekday", "text", "수거 요일")]),
        new("env-db", WithdrawnName, "주차 실태조사 2019", "2019년 주차 실태조사 결과", ["주차", "실태조사"],
            [("block", "text", "조사 구역"), ("occupancy", "numeric", "점유율")]),
    ];

    /// <summary>The overall score of dataset <paramref name="number"/> (1-based) at its source's last harvest.</summary>
    public static double LatestScore(int number) => 50 + number + number % 3 / 3.0;

    /// <summary>The overall score of dataset <paramref name="number"/> at its source's first harvest.</summary>
    public static double FirstScore(int number) => 40 + number;

    public static async Task<SeededIds> SeedAsync(CatalogDbContext db)
    {
        var env = new Department { Code = "ENV", Name = "환경정책과", CreatedAt = Run1At };
        var trn = new Department { Code = "TRN", Name = "교통정책과", CreatedAt = Run1At };
        var wel = new Department { Code = "WEL", Name = "복지정책과", CreatedAt = Run1At };
        db.Departments.AddRange(env, trn, wel);
        db.Sources.AddRange(
            NewSource("trn-db", trn, "postgres", "교통 운영 DB", SecretReference),
            NewSource("trn-files", trn, "file-drop", "교통과 파일 드롭", "config:Sources:TrnFiles:Path"),
            NewSource("wel-portal", wel, "ckan", "복지 포털", "config:Sources:WelPortal:Url"),
            NewSource("env-db", env, "postgres", "환경 측정 DB", "env:ENV_DB_PASSWORD"));
        await db.SaveChangesAsync();

        // Runs are inserted source by source interleaved, so run ids of one source are not contiguous.
        var runs = new Dictionary<string, List<HarvestRun>>(StringComparer.Ordinal);
        foreach (var (at, index) in new[] { (Run1At, 0), (Run2At, 1) })
        {
            foreach (var sourceId in new[] { "trn-db", "trn-files", "wel-portal", "env-db" })
            {
                var run = NewRun(sourceId, at, HarvestStatus.Succeeded);
                db.HarvestRuns.Add(run);
                await db.SaveChangesAsync();
                (runs.TryGetValue(sourceId, out var list) ? list : runs[sourceId] = []).Add(run);
            }
        }

        var failed = NewRun("trn-db", Run3At, HarvestStatus.Failed);
        failed.FinishedAt = Run3At.AddSeconds(3);
        failed.Error = "Source trn-db: connection refused; check env:TRN_DB_PASSWORD and the host.";
        failed.DatasetsSeen = 0;
        db.HarvestRuns.Add(failed);
        await db.SaveChangesAsync();
        runs["trn-db"].Add(failed);

        var datasets = new List<Dataset>();
        for (var i = 0; i < Datasets.Count; i++)
        {
            var spec = Datasets[i];
            var number = i + 1;
            var first = runs[spec.SourceId][0];
            var last = runs[spec.SourceId][1];
            var withdrawn = spec.QualifiedName == WithdrawnName;
            var dataset = new Dataset
            {
                SourceId = spec.SourceId,
                QualifiedName = spec.QualifiedName,
                Kind = spec.SourceId switch { "trn-files" => DatasetKind.File, "wel-portal" => DatasetKind.PortalDataset, _ => DatasetKind.Table },
                Title = spec.Title,
                Description = spec.Description,
                Owner = "데이터담당",
                UpdateCycle = "월간",
                Keywords = [.. spec.Keywords],
                RowCount = 100 * number,
                Status = withdrawn ? DatasetStatus.Withdrawn : DatasetStatus.Active,
                Fingerprint = "fp-" + spec.QualifiedName,
                FirstSeenRunId = first.Id,
                LastSeenRunId = withdrawn ? first.Id : last.Id,
                FirstSeenAt = Run1At,
                LastSeenAt = withdrawn ? Run1At : Run2At,
                WithdrawnAt = withdrawn ? Run2At : null,
                LatestScore = LatestScore(number),
                FileRead = FileRead(spec.SourceId, spec.QualifiedName),
                // As SnapshotMapping.Apply builds it: title, description, name, keywords, then column names and descriptions.
                SearchText = string.Join(' ', new[] { spec.Title, spec.Description, spec.QualifiedName, string.Join(' ', spec.Keywords) }
                    .Concat(spec.Columns.SelectMany(c => new[] { c.Name, c.Description }))
                    .Where(s => !string.IsNullOrWhiteSpace(s))),
            };
            for (var c = 0; c < spec.Columns.Count; c++)
            {
                var (name, type, description) = spec.Columns[c];
                dataset.Columns.Add(new Column
                {
                    Name = name,
                    Ordinal = c + 1,
                    DataType = type,
                    IsNullable = c > 0,
                    IsPrimaryKey = c == 0,
                    Description = description,
                    PiiClass = PiiClass.None,
                    Profile = Profile(name, number, c),
                });
            }

            datasets.Add(dataset);
        }

        db.Datasets.AddRange(datasets);
        await db.SaveChangesAsync();

        for (var i = 0; i < datasets.Count; i++)
        {
            var dataset = datasets[i];
            var number = i + 1;
            var first = runs[dataset.SourceId][0];
            var last = runs[dataset.SourceId][1];
            db.SchemaChanges.Add(new SchemaChange { DatasetId = dataset.Id, HarvestRunId = first.Id, Kind = ChangeKind.DatasetAdded, DetectedAt = Run1At });
            db.Scores.Add(new Score { DatasetId = dataset.Id, HarvestRunId = first.Id, Value = FirstScore(number), ComputedAt = Run1At });
            if (dataset.Status == DatasetStatus.Withdrawn)
            {
                db.SchemaChanges.Add(new SchemaChange { DatasetId = dataset.Id, HarvestRunId = last.Id, Kind = ChangeKind.DatasetWithdrawn, DetectedAt = Run2At });
                continue;
            }

            db.Scores.AddRange(
                new Score { DatasetId = dataset.Id, HarvestRunId = last.Id, Value = LatestScore(number), ComputedAt = Run2At },
                new Score { DatasetId = dataset.Id, HarvestRunId = last.Id, Dimension = QualityDimension.Completeness, Value = 90, ComputedAt = Run2At },
                new Score { DatasetId = dataset.Id, HarvestRunId = last.Id, Dimension = QualityDimension.Validity, Value = 80 + number % 5, ComputedAt = Run2At });
            db.RuleResults.Add(NewRuleResult(dataset.Id, first.Id, "completeness.not-null", QualityDimension.Completeness, passed: false, Run1At));
            db.RuleResults.Add(NewRuleResult(dataset.Id, last.Id, "completeness.not-null", QualityDimension.Completeness, passed: true, Run2At));
            db.RuleResults.Add(NewRuleResult(dataset.Id, last.Id, "validity.type", QualityDimension.Validity, passed: number % 2 == 0, Run2At));
        }

        // The parking-lot table drifted at the second harvest: a column appeared and another widened.
        var parking = datasets[0];
        var parkingRun = runs["trn-db"][1].Id;
        db.SchemaChanges.AddRange(
            new SchemaChange { DatasetId = parking.Id, HarvestRunId = parkingRun, Kind = ChangeKind.ColumnAdded, ColumnName = "capacity", After = "integer", DetectedAt = Run2At },
            new SchemaChange
            {
                DatasetId = parking.Id, HarvestRunId = parkingRun, Kind = ChangeKind.ColumnRetyped, ColumnName = "lot_name",
                Before = "character varying(50)", After = "character varying(100)", DetectedAt = Run2At,
            });
        await db.SaveChangesAsync();

        return new SeededIds(
            datasets.ToDictionary(d => d.QualifiedName, d => d.Id, StringComparer.Ordinal),
            runs.ToDictionary(r => r.Key, r => (IReadOnlyList<long>)[.. r.Value.Select(x => x.Id)], StringComparer.Ordinal));
    }

    /// <summary>How a seeded drop file was read: CSVs as a CP949 export with a trailing comma, workbooks by sheet.</summary>
    public static FileReadDetails? FileRead(string sourceId, string qualifiedName) => sourceId != "trn-files" ? null
        : qualifiedName.EndsWith(".xlsx", StringComparison.Ordinal)
            ? new FileReadDetails("xlsx", null, null, true, true, [], "충전소")
            : new FileReadDetails("csv", "CP949", ",", true, false, ["column_17 (after '데이터기준일자')"]);

    /// <summary>The profile of column <paramref name="ordinal"/> (0-based) of dataset <paramref name="number"/>.</summary>
    public static ColumnProfile Profile(string column, int number, int ordinal) => new(
        Column: column,
        Rows: 100 * number,
        Nulls: ordinal,
        Empty: 0,
        Distinct: 10 + ordinal,
        DistinctIsEstimate: false,
        Min: "A",
        Max: "Z",
        MinLength: 1,
        MaxLength: 20 + ordinal,
        TopValues: [new ValueCount($"{column}-top", 7 + ordinal), new ValueCount($"{column}-second", 3)],
        Patterns: [new ValueCount("AAA", 5)],
        InferredType: InferredType.Text,
        Pii: PiiClass.None);

    private static Source NewSource(string id, Department department, string kind, string name, string connectionRef) => new()
    {
        Id = id,
        Department = department,
        Kind = kind,
        Name = name,
        ConnectionRef = connectionRef,
        Schedule = "0 0 1 * * ?",
        CreatedAt = Run1At,
        UpdatedAt = Run1At,
    };

    private static HarvestRun NewRun(string sourceId, DateTimeOffset at, HarvestStatus status) => new()
    {
        SourceId = sourceId,
        Trigger = "schedule",
        Node = "node-1",
        StartedAt = at,
        FinishedAt = at.AddMinutes(2),
        Status = status,
        DatasetsSeen = 5,
    };

    private static RuleResult NewRuleResult(long datasetId, long runId, string ruleId, QualityDimension dimension, bool passed, DateTimeOffset at) => new()
    {
        DatasetId = datasetId,
        HarvestRunId = runId,
        RuleId = ruleId,
        Dimension = dimension,
        Passed = passed,
        Measured = passed ? 0.99 : 0.5,
        Threshold = 0.95,
        Examined = 100,
        Failing = passed ? 1 : 50,
        Message = passed ? null : "절반이 비어 있다",
        EvaluatedAt = at,
    };
}

/// <summary>One seeded dataset as its source would describe it.</summary>
public sealed record DatasetSpec(
    string SourceId, string QualifiedName, string Title, string Description, IReadOnlyList<string> Keywords,
    IReadOnlyList<(string Name, string Type, string Description)> Columns);

/// <summary>Database ids assigned while seeding: datasets by qualified name, runs by source in insertion order.</summary>
public sealed record SeededIds(IReadOnlyDictionary<string, long> Datasets, IReadOnlyDictionary<string, IReadOnlyList<long>> Runs);
