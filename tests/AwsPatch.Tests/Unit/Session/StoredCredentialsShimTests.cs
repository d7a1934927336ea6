using Amazon.Runtime;
using AwsPatch.Aws;

namespace AwsPatch.Tests.Unit.Session;

public sealed class StoredCredentialsShimTests
{
    private readonly BasicAWSCredentials _credentials = new("AKIASHIM", "shim-secret");

    [Fact]
    public void Reads_the_internal_Credentials_member_and_the_profile_name_of_a_saved_set()
    {
        var stored = new FakeAwsPsCredentials(_credentials, "dev", FakeCredentialsSource.Saved);

        Assert.True(StoredCredentialsShim.TryRead(stored, out var credentials, out var profile));
        Assert.Same(_credentials, credentials);
        Assert.Equal("dev", profile);
    }

    [Fact]
    public void A_set_not_loaded_from_a_profile_has_no_profile_name()
    {
        var stored = new FakeAwsPsCredentials(_credentials, "Supplied Key Parameters", FakeCredentialsSource.Strings);

        Assert.True(StoredCredentialsShim.TryRead(stored, out var credentials, out var profile));
        Assert.Same(_credentials, credentials);
        Assert.Null(profile);
    }

    [Fact]
    public void Falls_back_to_ToString_as_the_profile_name_when_the_member_is_unreadable()
    {
        var stored = new FakeAwsPsCredentials(null, "ops", FakeCredentialsSource.Saved);

        Assert.True(StoredCredentialsShim.TryRead(stored, out var credentials, out var profile));
        Assert.Null(credentials);
        Assert.Equal("ops", profile);
    }

    [Fact]
    public void Falls_back_to_ToString_for_a_type_without_the_member()
    {
        Assert.True(StoredCredentialsShim.TryRead(new NamedThing("ops"), out var credentials, out var profile));
        Assert.Null(credentials);
        Assert.Equal("ops", profile);
    }

    [Fact]
    public void Accepts_a_plain_AWSCredentials()
    {
        Assert.True(StoredCredentialsShim.TryRead(_credentials, out var credentials, out var profile));
        Assert.Same(_credentials, credentials);
        Assert.Null(profile);
    }

    [Fact]
    public void Accepts_a_profile_name_string()
    {
        Assert.True(StoredCredentialsShim.TryRead("  dev ", out var credentials, out var profile));
        Assert.Null(credentials);
        Assert.Equal("dev", profile);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("   ")]
    public void Nothing_usable_is_false(string? stored)
    {
        Assert.False(StoredCredentialsShim.TryRead(stored, out var credentials, out var profile));
        Assert.Null(credentials);
        Assert.Null(profile);
    }

    [Fact]
    public void An_object_whose_ToString_is_its_type_name_is_not_a_profile()
    {
        Assert.False(StoredCredentialsShim.TryRead(new object(), out _, out _));
    }

    private sealed class NamedThing(string name)
    {
        public override string ToString() => name;
    }
}
