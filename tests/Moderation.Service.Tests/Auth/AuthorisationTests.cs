using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Moderation.Service.Auth;
using Moderation.Service.Tests.Support;
using static Moderation.Service.Tests.Support.CommentBuilder;

namespace Moderation.Service.Tests.Auth;

/// <summary>No key, no access; a moderator of one site never sees or decides another's comments.</summary>
public sealed class AuthorisationTests(ServiceFactory factory) : IClassFixture<ServiceFactory>
{
    private readonly HeldComments _held = new(factory);

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Theory]
    [InlineData("/api/v1/comments/check")]
    [InlineData("/api/v1/comments")]
    public async Task Website_endpoints_without_an_api_key_answer_401(string path)
    {
        using var response = await factory.CreateClient().PostAsJsonAsync(path, Comment("hello"), Ct);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal("Unauthenticated", (await response.Content.ReadFromJsonAsync<JsonElement>(Ct)).GetProperty("code").GetString());
    }

    [Fact]
    public async Task A_wrong_api_key_answers_401()
    {
        var client = factory.CreateClient();
        client.DefaultRequestHeaders.Add("X-Api-Key", "mod_000000000000_not-a-real-key");

        using var response = await client.PostAsJsonAsync("/api/v1/comments/check", Comment("hello"), Ct);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }

    [Fact]
    public async Task A_revoked_api_key_answers_401()
    {
        var keys = factory.Services.GetRequiredService<ApiKeyStore>();
        var (info, key) = await keys.CreateAsync("test", "to revoke", "tests", Ct);
        await keys.RevokeAsync(info.KeyId, Ct);
        var client = factory.CreateClient();
        client.DefaultRequestHeaders.Add("X-Api-Key", key);

        using var response = await client.PostAsJsonAsync("/api/v1/comments/check", Comment("hello"), Ct);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }

    [Fact]
    public async Task An_api_key_of_another_site_cannot_check_submit_or_read_this_sites_comments()
    {
        var other = factory.CreateSiteClient("other");
        var comment = Comment("hello");
        (await factory.CreateSiteClient("test").PostAsJsonAsync("/api/v1/comments/check", comment, Ct)).EnsureSuccessStatusCode();

        using var check = await other.PostAsJsonAsync("/api/v1/comments/check", Comment("hello"), Ct);
        using var submit = await other.PostAsJsonAsync("/api/v1/comments", Comment("hello"), Ct);
        using var read = await other.GetAsync($"/api/v1/decisions/test/{comment.CommentId}/0", Ct);

        Assert.Equal(HttpStatusCode.Forbidden, check.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, submit.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, read.StatusCode);
        Assert.Equal("SiteForbidden", (await check.Content.ReadFromJsonAsync<JsonElement>(Ct)).GetProperty("code").GetString());
    }

    [Fact]
    public async Task An_api_key_cannot_use_the_moderators_api()
    {
        using var response = await factory.CreateSiteClient("test").GetAsync("/api/v1/review/test/queue", Ct);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }

    [Theory]
    [InlineData("GET", "/api/v1/review/test/queue")]
    [InlineData("GET", "/api/v1/review/test/search?q=x")]
    [InlineData("GET", "/api/v1/review/test/audit")]
    [InlineData("POST", "/api/v1/review/test/comments/x/0/approve")]
    [InlineData("POST", "/api/v1/review/test/bulk")]
    [InlineData("GET", "/api/v1/admin/users")]
    [InlineData("GET", "/api/v1/session")]
    public async Task The_moderators_api_without_signing_in_answers_401(string method, string path)
    {
        using var request = new HttpRequestMessage(new HttpMethod(method), path) { Content = method == "POST" ? JsonContent.Create(new { }) : null };

        using var response = await factory.CreateClient().SendAsync(request, Ct);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }

    [Fact]
    public async Task A_moderator_of_one_site_cannot_see_another_sites_queue_comments_search_history_or_audit()
    {
        var theirs = await _held.HoldAsync(siteId: "other");
        var client = await factory.SignInAsync("tess", Roles.Moderator, "test");

        foreach (var path in new[]
        {
            "/api/v1/review/other/queue", $"/api/v1/review/other/comments/{theirs.CommentId}/0", "/api/v1/review/other/search?q=idiot",
            "/api/v1/review/other/authors/author-1", "/api/v1/review/other/audit", "/api/v1/review/other/events",
        })
        {
            using var response = await client.GetAsync(path, HttpCompletionOption.ResponseHeadersRead, Ct);
            Assert.True(response.StatusCode == HttpStatusCode.Forbidden, $"{path} answered {response.StatusCode}");
        }
    }

    [Fact]
    public async Task A_moderator_of_one_site_cannot_decide_another_sites_comment_alone_or_in_bulk()
    {
        var theirs = await _held.HoldAsync(siteId: "other");
        var client = await factory.SignInAsync("tess", Roles.Moderator, "test");

        using var single = await client.PostAsJsonAsync($"/api/v1/review/other/comments/{theirs.CommentId}/0/approve", new { }, Ct);
        using var bulk = await client.PostAsJsonAsync("/api/v1/review/other/bulk", new { action = "reject", items = new[] { new { commentId = theirs.CommentId, revision = 0 } } }, Ct);
        // Naming their comment under one's own site finds nothing either.
        using var smuggled = await client.PostAsJsonAsync($"/api/v1/review/test/comments/{theirs.CommentId}/0/approve", new { }, Ct);

        Assert.Equal(HttpStatusCode.Forbidden, single.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, bulk.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, smuggled.StatusCode);
        var owner = await factory.SignInAsync("olga", Roles.Moderator, "other");
        var detail = await owner.GetFromJsonAsync<JsonElement>($"/api/v1/review/other/comments/{theirs.CommentId}/0", Ct);
        Assert.Equal("Held", detail.GetProperty("state").GetString());
    }

    [Fact]
    public async Task An_unknown_site_answers_404()
    {
        var client = await factory.SignInAsync("ada", Roles.Admin, "*");

        using var response = await client.GetAsync("/api/v1/review/nowhere/queue", Ct);

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }

    [Fact]
    public async Task A_moderator_cannot_use_the_admin_api()
    {
        var client = await factory.SignInAsync("tess", Roles.Moderator, "test");

        using var users = await client.GetAsync("/api/v1/admin/users", Ct);
        using var labels = await client.GetAsync("/api/v1/admin/labels/test", Ct);
        using var keys = await client.PostAsJsonAsync("/api/v1/admin/keys", new { siteId = "test" }, Ct);

        Assert.Equal(HttpStatusCode.Forbidden, users.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, labels.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, keys.StatusCode);
    }

    [Fact]
    public async Task An_admin_of_one_site_cannot_export_or_key_another_site()
    {
        var client = await factory.SignInAsync("sam", Roles.Admin, "test");

        using var labels = await client.GetAsync("/api/v1/admin/labels/other", Ct);
        using var keys = await client.PostAsJsonAsync("/api/v1/admin/keys", new { siteId = "other" }, Ct);

        Assert.Equal(HttpStatusCode.Forbidden, labels.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, keys.StatusCode);
    }

    [Fact]
    public async Task An_admin_of_one_site_cannot_grant_or_take_away_other_sites()
    {
        var sam = await factory.SignInAsync("sam", Roles.Admin, "test");
        await factory.Services.GetRequiredService<UserStore>().UpsertAsync("boss", null, ServiceFactory.Password, Roles.Admin, ["*"], Ct);

        using var everywhere = await sam.PostAsJsonAsync("/api/v1/admin/users", new { userName = "mole", role = "admin", sites = new[] { "*" } }, Ct);
        using var other = await sam.PostAsJsonAsync("/api/v1/admin/users", new { userName = "mole", role = "moderator", sites = new[] { "other" } }, Ct);
        using var takeover = await sam.PostAsJsonAsync("/api/v1/admin/users", new { userName = "boss", role = "moderator", sites = new[] { "test" } }, Ct);
        using var disable = await sam.DeleteAsync("/api/v1/admin/users/boss", Ct);
        using var own = await sam.PostAsJsonAsync("/api/v1/admin/users", new { userName = "helper", role = "moderator", sites = new[] { "test" } }, Ct);

        Assert.Equal(HttpStatusCode.Forbidden, everywhere.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, other.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, takeover.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, disable.StatusCode);
        Assert.Equal(HttpStatusCode.Created, own.StatusCode);
    }

    [Fact]
    public async Task A_wrong_password_answers_401_and_sets_no_session()
    {
        await factory.Services.GetRequiredService<UserStore>().UpsertAsync("wanda", null, ServiceFactory.Password, Roles.Moderator, ["test"], Ct);
        var client = factory.CreateClient();

        using var signIn = await client.PostAsJsonAsync("/api/v1/session", new { userName = "wanda", password = "not the password" }, Ct);
        using var me = await client.GetAsync("/api/v1/session", Ct);

        Assert.Equal(HttpStatusCode.Unauthorized, signIn.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, me.StatusCode);
    }

    [Fact]
    public async Task A_disabled_user_cannot_sign_in()
    {
        var admin = await factory.SignInAsync("ada", Roles.Admin, "*");
        await factory.SignInAsync("leaver");
        (await admin.DeleteAsync("/api/v1/admin/users/leaver", Ct)).EnsureSuccessStatusCode();

        using var signIn = await factory.CreateClient().PostAsJsonAsync("/api/v1/session", new { userName = "leaver", password = ServiceFactory.Password }, Ct);

        Assert.Equal(HttpStatusCode.Unauthorized, signIn.StatusCode);
    }

    [Fact]
    public async Task Disabling_a_user_ends_their_open_session()
    {
        var admin = await factory.SignInAsync("ada", Roles.Admin, "*");
        var leaver = await factory.SignInAsync("leaver2");
        Assert.Equal(HttpStatusCode.OK, (await leaver.GetAsync("/api/v1/review/test/queue", Ct)).StatusCode);

        (await admin.DeleteAsync("/api/v1/admin/users/leaver2", Ct)).EnsureSuccessStatusCode();

        Assert.Equal(HttpStatusCode.Unauthorized, (await leaver.GetAsync("/api/v1/review/test/queue", Ct)).StatusCode);
    }

    [Fact]
    public async Task Taking_a_site_away_applies_to_an_open_session()
    {
        var mover = await factory.SignInAsync("mover", Roles.Moderator, "test", "other");
        Assert.Equal(HttpStatusCode.OK, (await mover.GetAsync("/api/v1/review/other/queue", Ct)).StatusCode);

        await factory.Services.GetRequiredService<UserStore>().UpsertAsync("mover", null, ServiceFactory.Password, Roles.Moderator, ["test"], Ct);

        Assert.Equal(HttpStatusCode.Forbidden, (await mover.GetAsync("/api/v1/review/other/queue", Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await mover.GetAsync("/api/v1/review/test/queue", Ct)).StatusCode);
    }

    [Fact]
    public async Task Signing_out_ends_the_session()
    {
        var client = await factory.SignInAsync("tess");

        (await client.DeleteAsync("/api/v1/session", Ct)).EnsureSuccessStatusCode();
        using var me = await client.GetAsync("/api/v1/session", Ct);

        Assert.Equal(HttpStatusCode.Unauthorized, me.StatusCode);
    }

    [Fact]
    public async Task The_session_cookie_is_http_only_and_same_site_strict()
    {
        await factory.Services.GetRequiredService<UserStore>().UpsertAsync("cookie", null, ServiceFactory.Password, Roles.Moderator, ["test"], Ct);

        using var response = await factory.CreateClient().PostAsJsonAsync("/api/v1/session", new { userName = "cookie", password = ServiceFactory.Password }, Ct);

        var cookie = Assert.Single(response.Headers.GetValues("Set-Cookie"));
        Assert.Contains("httponly", cookie, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("samesite=strict", cookie, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task An_admin_creates_a_moderator_and_an_api_key_that_work_and_are_stored_hashed()
    {
        var admin = await factory.SignInAsync("ada", Roles.Admin, "*");

        using var created = await admin.PostAsJsonAsync("/api/v1/admin/users", new { userName = "newbie", role = "moderator", sites = new[] { "test" } }, Ct);
        var password = (await created.Content.ReadFromJsonAsync<JsonElement>(Ct)).GetProperty("password").GetString()!;
        using var keyResponse = await admin.PostAsJsonAsync("/api/v1/admin/keys", new { siteId = "test", name = "website" }, Ct);
        var key = (await keyResponse.Content.ReadFromJsonAsync<JsonElement>(Ct)).GetProperty("key").GetString()!;

        using var signIn = await factory.CreateClient().PostAsJsonAsync("/api/v1/session", new { userName = "newbie", password }, Ct);
        Assert.Equal(HttpStatusCode.OK, signIn.StatusCode);
        var site = factory.CreateClient();
        site.DefaultRequestHeaders.Add("X-Api-Key", key);
        Assert.Equal(HttpStatusCode.OK, (await site.PostAsJsonAsync("/api/v1/comments/check", Comment("hello"), Ct)).StatusCode);

        var database = factory.Services.GetRequiredService<Moderation.Service.Storage.Database>();
        await using var connection = await database.OpenAsync(Ct);
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT (SELECT COUNT(*) FROM users WHERE password_hash LIKE '%' || @p || '%') + (SELECT COUNT(*) FROM api_keys WHERE key_hash = @k)";
        var p = command.CreateParameter();
        p.ParameterName = "@p";
        p.Value = password;
        var k = command.CreateParameter();
        k.ParameterName = "@k";
        k.Value = key;
        command.Parameters.Add(p);
        command.Parameters.Add(k);
        Assert.Equal(0L, Convert.ToInt64(await command.ExecuteScalarAsync(Ct), System.Globalization.CultureInfo.InvariantCulture));
    }
}
