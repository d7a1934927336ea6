// Language features the netstandard2.0 reference assemblies lack the attribute types for.
// Internal, so nothing outside the module sees them.
namespace System.Runtime.CompilerServices
{
    internal static class IsExternalInit
    {
    }
}
