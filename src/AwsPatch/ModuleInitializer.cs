using System;
using System.IO;
using System.Management.Automation;
using System.Reflection;
using System.Runtime.InteropServices;

namespace AwsPatch
{
    /// <summary>
    /// Windows PowerShell 5.1 (.NET Framework) has no binding redirects for the netstandard2.0 helper assemblies the
    /// AWS SDK uses (System.Text.Json, System.Memory, Microsoft.Bcl.AsyncInterfaces …). On .NET Framework only, this
    /// answers AssemblyResolve with the copy in the module's own folder, and only for names shipped there.
    /// PowerShell 7 resolves them itself, so there it does nothing.
    /// </summary>
    public sealed class ModuleInitializer : IModuleAssemblyInitializer, IModuleAssemblyCleanup
    {
        private static readonly string ModuleFolder = Path.GetDirectoryName(typeof(ModuleInitializer).Assembly.Location) ?? string.Empty;

        private static bool IsNetFramework => RuntimeInformation.FrameworkDescription.StartsWith(".NET Framework", StringComparison.Ordinal);

        public void OnImport()
        {
            if (IsNetFramework)
                AppDomain.CurrentDomain.AssemblyResolve += Resolve;
        }

        public void OnRemove(PSModuleInfo psModuleInfo)
        {
            if (IsNetFramework)
                AppDomain.CurrentDomain.AssemblyResolve -= Resolve;
        }

        private static Assembly? Resolve(object? sender, ResolveEventArgs args)
        {
            // Only requests from our own assemblies (the runtime does not always say who asks).
            var requester = args.RequestingAssembly?.Location;
            if (!string.IsNullOrEmpty(requester) && !string.Equals(Path.GetDirectoryName(requester), ModuleFolder, StringComparison.OrdinalIgnoreCase))
                return null;

            var name = new AssemblyName(args.Name).Name;
            if (string.IsNullOrEmpty(name) || name!.IndexOfAny(Path.GetInvalidFileNameChars()) >= 0)
                return null;
            var candidate = Path.Combine(ModuleFolder, name + ".dll");
            return File.Exists(candidate) ? Assembly.LoadFrom(candidate) : null;
        }
    }
}
