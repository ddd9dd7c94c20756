using DataCatalog.Harvesting.Connectors.OpenData;

namespace DataCatalog.Harvesting.Tests.OpenData;

public sealed class UrlRedactorTests
{
    [Theory]
    [InlineData("https://apis.data.go.kr/B552584/ArpltnInforInqireSvc?serviceKey=abc%2B123%3D%3D&pageNo=1", "https://apis.data.go.kr/B552584/ArpltnInforInqireSvc?serviceKey=***&pageNo=1")]
    [InlineData("https://user:p4ss@portal.example.kr:8443/api/3/action/package_search?rows=10", "https://portal.example.kr:8443/api/3/action/package_search?rows=10")]
    [InlineData("http://127.0.0.1:5000/catalog.jsonld?KEY=1&Token=2&apikey=3&api_key=4&access_token=5&page=2", "http://127.0.0.1:5000/catalog.jsonld?KEY=***&Token=***&apikey=***&api_key=***&access_token=***&page=2")]
    [InlineData("https://portal.example.kr/dataset?q=%EC%A3%BC%EC%B0%A8#frag", "https://portal.example.kr/dataset?q=%EC%A3%BC%EC%B0%A8")]
    [InlineData("https://portal.example.kr/", "https://portal.example.kr/")]
    public void Secrets_are_removed_and_the_rest_kept(string url, string expected) =>
        Assert.Equal(expected, UrlRedactor.Redact(new Uri(url)));

    [Fact]
    public void Text_that_is_not_a_url_is_not_echoed() =>
        Assert.Equal("(not a valid absolute URL)", UrlRedactor.Redact("Host=db;Username=app;Password=hunter2"));
}
