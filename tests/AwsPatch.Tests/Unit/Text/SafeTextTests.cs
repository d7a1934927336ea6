using AwsPatch.Aws;
using AwsPatch.Reports;

namespace AwsPatch.Tests.Unit.Text;

/// <summary>The one rule for AWS text entering the model, and the report's HTML encoding after it.</summary>
public sealed class SafeTextTests
{
    [Theory]
    [InlineData("\u001b[31mred\u001b[0m", "\uFFFD[31mred\uFFFD[0m")]
    [InlineData("\u009b2J", "\uFFFD2J")]
    [InlineData("a\u0000b\u0007c\u007fd", "a\uFFFDb\uFFFDc\uFFFDd")]
    [InlineData("abc\u202Efed", "abc\uFFFDfed")]
    [InlineData("\u202A\u202B\u202C\u202D\u2066\u2067\u2068\u2069", "\uFFFD\uFFFD\uFFFD\uFFFD\uFFFD\uFFFD\uFFFD\uFFFD")]
    [InlineData("ok\roverwritten", "ok\uFFFDoverwritten")]
    [InlineData("line 1\r\nline 2\n\tindented\r", "line 1\r\nline 2\n\tindented\uFFFD")]
    [InlineData("Ünïcødé, עברית, 日本語", "Ünïcødé, עברית, 日本語")]
    public void Controls_and_bidi_overrides_become_the_replacement_character(string aws, string shown)
    {
        Assert.Equal(shown, SafeText.Of(aws));
    }

    [Fact]
    public void Clean_text_and_tags_come_back_as_they_are()
    {
        const string text = "web-prod (Patch Group)";
        var tags = new Dictionary<string, string> { ["Environment"] = "production" };

        Assert.Same(text, SafeText.Of(text));
        Assert.Same(tags, SafeText.Tags(tags));
        Assert.Null(SafeText.Of(null));
    }

    [Fact]
    public void Tag_keys_and_values_are_both_neutralised()
    {
        var tags = SafeText.Tags(new Dictionary<string, string> { ["Env\u202E"] = "\u001b]0;title\u0007prod" });

        Assert.Equal("\uFFFD]0;title\uFFFDprod", Assert.Single(tags).Value);
        Assert.Equal("Env\uFFFD", tags.Keys.Single());
    }

    [Fact]
    public void The_report_encodes_markup_and_neutralises_what_any_object_carries()
    {
        Assert.Equal("&lt;b&gt;\uFFFD[1m\uFFFDgnp.exe&lt;/b&gt; &amp; \uFFFD", HtmlText.Encode("<b>\u001b[1m\u202Egnp.exe</b> & \u0085"));
    }
}
