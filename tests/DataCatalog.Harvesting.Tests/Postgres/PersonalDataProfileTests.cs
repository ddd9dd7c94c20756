using DataCatalog.Core.Privacy;
using DataCatalog.Core.Profiling;
using DataCatalog.Core.Sources;
using DataCatalog.Harvesting.Connectors.Postgres;
using DataCatalog.Harvesting.Extract;
using DataCatalog.Harvesting.Tests.Pipeline;
using Npgsql;

namespace DataCatalog.Harvesting.Tests.Postgres;

/// <summary>Pushed-down profiles follow the same personal-data rules and pattern classes as file profiles.</summary>
public sealed class PersonalDataProfileTests
{
    private const string Facilities = """
        CREATE TABLE facility (
            fclty_nm text, mng_inst_cd char(7), stdg_cd char(10), tel_no text, chrg_nm text, chrg_mbl_telno text, chrg_email text
        );
        INSERT INTO facility VALUES
            ('시립도서관', '6110000', '1111010100', '02-120-1234', '김민준', '010-1234-9866', 'minjun@seoul.go.kr'),
            ('구립도서관', '3000000', '1111010200', '02-120-1234', '박서연', '010-2222-9835', 'seoyeon@seoul.go.kr'),
            ('작은도서관', '3000000', '1111010300', '02-731-0000', '김민준', '010-3333-9835', 'minjun@seoul.go.kr'),
            ('어린이도서관', '6110000', '2611010100', '051-888-1234', '이하은', '010-4444-1111', 'haeun@busan.go.kr');
        """;

    [Fact]
    public async Task Names_phones_and_codes_are_classed_as_in_files_and_personal_statistics_do_not_leak()
    {
        var datasets = await ExtractAsync(await HarvestHarness.CreateSourceDatabaseAsync(Facilities));
        var profiles = datasets.Single(d => d.QualifiedName == "public.facility").Profiles.ToDictionary(p => p.Column);

        var name = profiles["chrg_nm"];
        Assert.Equal(PiiClass.PersonName, name.Pii);
        Assert.Equal((null, null), (name.Min, name.Max));
        Assert.Equal([new ValueCount("김*준", 2)], name.TopValues);
        Assert.Equal([new ValueCount("K+", 4)], name.Patterns);

        var mobile = profiles["chrg_mbl_telno"];
        Assert.Equal(PiiClass.MobilePhone, mobile.Pii);
        // No min/max over masked strings (010-****-9866 > 010-****-9835 meant nothing).
        Assert.Equal((null, null), (mobile.Min, mobile.Max));
        Assert.Equal([new ValueCount("010-****-9835", 2)], mobile.TopValues);

        var email = profiles["chrg_email"];
        Assert.Equal(PiiClass.Email, email.Pii);
        Assert.Equal([new ValueCount("A+@A+.A+.A+", 4)], email.Patterns);
        Assert.Equal([new ValueCount("mi***@seoul.go.kr", 2)], email.TopValues);

        var phone = profiles["tel_no"];
        Assert.Equal(PiiClass.InstitutionalContact, phone.Pii);
        Assert.Equal(new ValueCount("02-120-1234", 2), phone.TopValues[0]);
        Assert.Equal(("02-120-1234", "051-888-1234"), (phone.Min, phone.Max));

        Assert.Equal(SemanticType.InstitutionCode, profiles["mng_inst_cd"].Semantic);
        Assert.Equal(SemanticType.LegalDongCode, profiles["stdg_cd"].Semantic);
    }

    [Fact]
    public async Task Pattern_classes_drawn_in_sql_equal_those_drawn_in_csharp()
    {
        string[] corpus =
        [
            "2024-01-05", "20240105", "010-1234-5678", "AB-12", "ab cd", "서울특별시 중구 110", "가나다ABC123", "Ÿ é ß", "ｆｕｌｌ１２",
            "٣٤٥", "김*준", "a\tb", "(02) 120-1234", "", " ", "MixedCase9", "한글ㄱㅏ", "😀x9",
            new string('가', 64), new string('가', 65), new string('a', 63) + "가나", "1," + new string('9', 80),
        ];
        var connectionString = await HarvestHarness.CreateSourceDatabaseAsync("SELECT 1");
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand($"SELECT v, {PatternSql.Of("v")} FROM unnest(@values) WITH ORDINALITY AS u(v, n) ORDER BY n", connection);
        command.Parameters.AddWithValue("values", corpus);

        var fromSql = new List<(string Value, string Pattern)>();
        await using (var reader = await command.ExecuteReaderAsync())
        {
            while (await reader.ReadAsync())
            {
                fromSql.Add((reader.GetString(0), reader.GetString(1)));
            }
        }

        Assert.Equal(corpus.Length, fromSql.Count);
        Assert.All(fromSql, row => Assert.Equal(PatternClass.Of(row.Value), row.Pattern));
        Assert.Equal("9999-99-99", fromSql[0].Pattern);
        Assert.Equal(new string('K', 64) + PatternClass.Truncated, fromSql[19].Pattern);
        Assert.Equal(64, fromSql[18].Pattern.Length);
    }

    private static async Task<List<ExtractedDataset>> ExtractAsync(string connectionString)
    {
        var source = new SourceDefinition("facility-db", "test", SourceKind.Postgres, "시설", "env:TEST", "0 0 3 * * ?", Options: new Dictionary<string, string> { ["schemas"] = "public" });
        var datasets = new List<ExtractedDataset>();
        await foreach (var dataset in new PostgresConnector().ExtractAsync(source, connectionString, default))
        {
            datasets.Add(dataset);
        }

        return datasets;
    }
}
