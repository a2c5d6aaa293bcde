namespace Edqa.Cli.Tests;

/// <summary>The commit a result file records: EDQA_COMMIT when set (and then only a commit hash), else the
/// checkout's.</summary>
public sealed class RunProvenanceTests
{
    [Fact]
    public void EDQA_COMMIT_is_recorded_when_it_is_a_hash_and_refused_with_its_name_when_not()
    {
        static Func<string, string?> Given(string? value) => name => name == "EDQA_COMMIT" ? value : null;
        Assert.Equal("5e0df4b", RunProvenance.Commit(Given(" 5e0df4b\n")));
        Assert.Equal(new string('a', 40), RunProvenance.Commit(Given(new string('a', 40))));
        foreach (string bad in new[] { "main", "5e0df4", "5e0df4b 8f4c0d7", new string('a', 41), "HEAD~1" })
        {
            var refused = Assert.Throws<UsageException>(() => RunProvenance.Commit(Given(bad)));
            Assert.Contains("EDQA_COMMIT", refused.Message, StringComparison.Ordinal);
        }

        // Unset (or blank), the checkout's HEAD: a full hash, or null outside a checkout.
        foreach (string? unset in new[] { null, "  " })
        {
            string? head = RunProvenance.Commit(Given(unset));
            Assert.True(head is null || (head.Length == 40 && head.All(Uri.IsHexDigit)), head);
        }
    }
}
