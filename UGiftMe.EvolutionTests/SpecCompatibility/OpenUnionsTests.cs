namespace UGiftMe.EvolutionTests.SpecCompatibility;

/// <summary>
/// <c>node eng/update-spec.mjs --open-unions openapi/ugiftme-business.yaml</c>, the fix the union coverage check names:
/// a union of object shapes edited into our spec by hand becomes the open object <c>UpdateSpec</c> would have made, and
/// nothing else in the file moves.
/// </summary>
public sealed class OpenUnionsTests
{
    private const string EditedResult = """
                result:
                  description: The result.
                  oneOf:
                    - $ref: '#/components/schemas/BusinessOrder'
                    - $ref: '#/components/schemas/BulkOrderCreatedResponse'

        """;

    [Test]
    public void UnionEditedIntoOurSpec_IsOpened_AndTheRestOfTheFileIsUntouched()
    {
        var directory = Directory.CreateTempSubdirectory("ugiftme-open-unions-");
        try
        {
            var spec = Path.Combine(directory.FullName, "ugiftme-business.yaml");
            var original = File.ReadAllText(RepositoryRoot.Combine("openapi", "ugiftme-business.yaml")).ReplaceLineEndings("\n");
            var at = original.IndexOf("        error:", original.IndexOf("    OrderRequest:", StringComparison.Ordinal), StringComparison.Ordinal);
            Assert.That(at, Is.GreaterThan(0), "OrderRequest.error moved: update this test");
            var edited = original.Insert(at, EditedResult.Replace("result:", "other:", StringComparison.Ordinal));
            File.WriteAllText(spec, edited);

            var run = ProcessRun.Run("node", RepositoryRoot.Path, [RepositoryRoot.Combine("eng", "update-spec.mjs"), "--open-unions", spec],
                environment: null, TimeSpan.FromMinutes(2));

            Assert.That(run.ExitCode, Is.Zero, run.ToString());
            Assert.That(run.Output, Does.Contain("opened $.components.schemas.OrderRequest.properties.other: one of BusinessOrder, BulkOrderCreatedResponse"), run.ToString());
            var opened = File.ReadAllText(spec);
            Assert.That(opened[..at], Is.EqualTo(original[..at]), "the file before the union moved");
            Assert.That(opened[at..].Split("        error:", 2)[1], Is.EqualTo(original[at..].Split("        error:", 2)[1]), "the file after the union moved");
            Assert.That(opened[at..].Split("        error:", 2)[0], Is.EqualTo("""
                        other:
                          description: "The result. One of: BusinessOrder, BulkOrderCreatedResponse (kept as raw JSON)."
                          type: object
                          additionalProperties: true
                          x-ugiftme-one-of:
                            - BusinessOrder
                            - BulkOrderCreatedResponse

                """));
        }
        finally
        {
            directory.Delete(recursive: true);
        }
    }
}
