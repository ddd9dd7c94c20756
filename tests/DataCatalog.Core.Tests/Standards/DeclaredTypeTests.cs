using DataCatalog.Core.Standards;

namespace DataCatalog.Core.Tests.Standards;

public class DeclaredTypeTests
{
    [Theory]
    [InlineData("character varying(100)", null, null, TypeFamily.VarChar, "VARCHAR(100)")]
    [InlineData("varchar", 40, null, TypeFamily.VarChar, "VARCHAR(40)")]
    [InlineData("VARCHAR2(30)", null, null, TypeFamily.VarChar, "VARCHAR(30)")]
    [InlineData("bpchar", 8, null, TypeFamily.Char, "CHAR(8)")]
    [InlineData("character", null, null, TypeFamily.Char, "CHAR(1)")]
    [InlineData("char(8)", null, null, TypeFamily.Char, "CHAR(8)")]
    [InlineData("numeric(15,0)", null, null, TypeFamily.Numeric, "NUMERIC(15)")]
    [InlineData("numeric( 22 , 2 )", null, null, TypeFamily.Numeric, "NUMERIC(22,2)")]
    [InlineData("decimal", 12, 10, TypeFamily.Numeric, "NUMERIC(12,10)")]
    [InlineData("int4", null, null, TypeFamily.Integer, "INTEGER")]
    [InlineData("bigint", null, null, TypeFamily.Integer, "BIGINT")]
    [InlineData("double precision", null, null, TypeFamily.Float, "FLOAT")]
    [InlineData("date", null, null, TypeFamily.Date, "DATE")]
    [InlineData("timestamp(3) with time zone", null, null, TypeFamily.Timestamp, "TIMESTAMP")]
    [InlineData("timestamp without time zone", null, null, TypeFamily.Timestamp, "TIMESTAMP")]
    [InlineData("text", null, null, TypeFamily.Text, "TEXT")]
    public void Postgres_spellings_normalise_to_one_family_and_sql_type(string spelling, int? length, int? scale, TypeFamily family, string sql)
    {
        var type = DeclaredType.Parse(spelling, length, scale)!;

        Assert.Equal(family, type.Family);
        Assert.Equal(sql, type.Sql);
    }
}
