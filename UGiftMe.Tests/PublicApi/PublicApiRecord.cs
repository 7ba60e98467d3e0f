using System.Reflection;
using System.Text.RegularExpressions;

namespace UGiftMe.Tests.PublicApi;

/// <summary>
/// Checks a PublicApiGenerator record against reflection: every exported type must have a declaration in the record,
/// and every public or protected member declared on it must be named inside that type's block.
/// </summary>
public static class PublicApiRecord
{
    private const BindingFlags Declared =
        BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Instance | BindingFlags.Static | BindingFlags.DeclaredOnly;

    public static IReadOnlyList<string> MissingFrom(string record, Assembly assembly)
    {
        var lines = record.Split('\n');
        var missing = new List<string>();
        foreach (var type in assembly.GetExportedTypes())
        {
            var block = TypeBlock(lines, type);
            if (block is null)
            {
                missing.Add(type.FullName!);
                continue;
            }

            missing.AddRange(VisibleMembers(type)
                .Where(name => !Regex.IsMatch(block, $@"\b{Regex.Escape(name)}\b"))
                .Select(name => $"{type.FullName}.{name}"));
        }

        return missing;
    }

    private static IEnumerable<string> VisibleMembers(Type type)
    {
        if (type.IsEnum)
        {
            return Enum.GetNames(type);
        }

        return type.GetMembers(Declared)
            .Where(IsVisible)
            .Where(member => member is not MethodInfo { IsSpecialName: true })
            .Where(member => member is not Type)
            // Records' compiler-written members (ToString, Equals, <Clone>$, ...) are not part of the written surface.
            .Where(member => !member.IsDefined(typeof(System.Runtime.CompilerServices.CompilerGeneratedAttribute), inherit: false))
            .Where(member => !member.Name.Contains('<', StringComparison.Ordinal))
            .Select(member => member is ConstructorInfo ? SimpleName(type) : member.Name)
            .Where(name => !name.Contains('.', StringComparison.Ordinal)) // explicit interface implementations
            .Distinct();
    }

    private static bool IsVisible(MemberInfo member) => member switch
    {
        MethodBase method => method.IsPublic || method.IsFamily || method.IsFamilyOrAssembly,
        FieldInfo field => field.IsPublic || field.IsFamily || field.IsFamilyOrAssembly,
        PropertyInfo property => property.GetAccessors(nonPublic: true).Any(IsVisible),
        EventInfo @event => @event.AddMethod is { } add && IsVisible(add),
        _ => false,
    };

    private static string SimpleName(Type type) => type.Name.Split('`')[0];

    private static string? TypeBlock(string[] lines, Type type)
    {
        // A generic type and a non-generic one may share a name (WebhookEvent<TPayload> and WebhookEvent): match the arity too.
        var arity = type.IsGenericTypeDefinition ? "<" : @"\b(?!<)";
        var declaration = new Regex($@"\b(class|interface|struct|enum|record|delegate)\s+{Regex.Escape(SimpleName(type))}{arity}");
        for (var i = 0; i < lines.Length; i++)
        {
            if (!declaration.IsMatch(lines[i]))
            {
                continue;
            }

            var indent = lines[i].Length - lines[i].TrimStart().Length;
            var end = i + 1;
            while (end < lines.Length && !(lines[end].TrimEnd() == new string(' ', indent) + "}"))
            {
                end++;
            }

            return string.Join('\n', lines[i..Math.Min(end + 1, lines.Length)]);
        }

        return null;
    }
}
