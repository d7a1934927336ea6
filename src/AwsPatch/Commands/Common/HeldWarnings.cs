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
        private readonly HashSet<(object Target, string Message)> _given = new HashSet<(object Target, string Message)>();

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

        /// <summary>A reporter for one target's warnings: held like <see cref="Warning"/>'s, and remembered as that target's (<see cref="Gave"/>).</summary>
        public IOperationReporter For(object target) => new TargetReporter(this, target);

        /// <summary>Whether <paramref name="target"/> gave <paramref name="message"/> through its <see cref="For"/> reporter.</summary>
        public bool Gave(object target, string message)
        {
            lock (_held)
                return _given.Contains((target, message));
        }

        /// <summary>Writes the held warnings: each once, and one in <paramref name="absent"/> only if all <paramref name="targets"/> gave it.</summary>
        public void Release(ISet<string> absent, int targets)
        {
            List<KeyValuePair<string, int>> held;
            lock (_held)
                held = _order.Select(m => new KeyValuePair<string, int>(m, _held[m])).ToList();
            foreach (var warning in held.Where(w => !absent.Contains(w.Key) || w.Value >= targets))
                _inner.Warning(warning.Key);
        }

        private sealed class TargetReporter : IOperationReporter
        {
            private readonly HeldWarnings _held;
            private readonly object _target;

            public TargetReporter(HeldWarnings held, object target)
            {
                _held = held;
                _target = target;
            }

            public void Warning(string message)
            {
                lock (_held._held)
                    _held._given.Add((_target, message));
                _held.Warning(message);
            }

            public void Verbose(string message) => _held.Verbose(message);
        }
    }
}
