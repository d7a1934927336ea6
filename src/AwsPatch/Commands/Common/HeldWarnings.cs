using System;
using System.Collections.Generic;
using System.Linq;
using AwsPatch.Common;

namespace AwsPatch.Commands.Common
{
    /// <summary>
    /// Holds back the warnings of a lookup by id across several accounts and regions: each target says it does not know
    /// an instance that lives elsewhere, which is expected of every target but the instance's own. <see cref="Release"/>
    /// writes each distinct warning once, and such an "absent here" warning only when every target gave it (the
    /// instance is in none). Verbose messages pass straight through. Thread-safe (the targets answer in parallel).
    /// </summary>
    internal sealed class HeldWarnings : IOperationReporter
    {
        private readonly IOperationReporter _inner;
        private readonly Dictionary<string, int> _held = new Dictionary<string, int>(StringComparer.Ordinal);
        private readonly List<string> _order = new List<string>();

        public HeldWarnings(IOperationReporter inner) => _inner = inner;

        public void Warning(string message)
        {
            lock (_held)
            {
                if (_held.TryGetValue(message, out var count))
                {
                    _held[message] = count + 1;
                    return;
                }
                _held[message] = 1;
                _order.Add(message);
            }
        }

        public void Verbose(string message) => _inner.Verbose(message);

        /// <summary>Writes the held warnings: each once, and one in <paramref name="absent"/> only if all <paramref name="targets"/> gave it.</summary>
        public void Release(ISet<string> absent, int targets)
        {
            List<KeyValuePair<string, int>> held;
            lock (_held)
                held = _order.Select(m => new KeyValuePair<string, int>(m, _held[m])).ToList();
            foreach (var warning in held.Where(w => !absent.Contains(w.Key) || w.Value >= targets))
                _inner.Warning(warning.Key);
        }
    }
}
