using System;
using System.IO;
using System.Text;

namespace AwsPatch.Reports
{
    /// <summary>
    /// Writes one report file so that a reader never sees half a file and a failed write leaves an existing file as
    /// it was: the content goes to a temporary file beside the target, which then replaces (or becomes) the target.
    /// </summary>
    internal static class ReportFile
    {
        /// <summary>UTF-8 with a byte-order mark, so spreadsheet programs open CSV files as UTF-8.</summary>
        public static readonly Encoding Utf8WithBom = new UTF8Encoding(encoderShouldEmitUTF8Identifier: true);

        /// <summary>UTF-8 without a byte-order mark (the HTML page declares its charset).</summary>
        public static readonly Encoding Utf8 = new UTF8Encoding(encoderShouldEmitUTF8Identifier: false);

        /// <summary>Writes <paramref name="path"/>; without <paramref name="overwrite"/> an existing file is an <see cref="IOException"/> and stays untouched.</summary>
        public static void Write(string path, Encoding encoding, bool overwrite, Action<TextWriter> write)
        {
            var directory = Path.GetDirectoryName(path);
            if (!string.IsNullOrEmpty(directory))
                Directory.CreateDirectory(directory);

            var temporary = Path.Combine(directory ?? string.Empty, "." + Path.GetFileName(path) + "." + Guid.NewGuid().ToString("N").Substring(0, 8) + ".tmp");
            try
            {
                using (var stream = new FileStream(temporary, FileMode.CreateNew, FileAccess.Write, FileShare.None, 64 * 1024))
                using (var writer = new StreamWriter(stream, encoding, 64 * 1024))
                {
                    writer.NewLine = "\n";
                    write(writer);
                }

                if (File.Exists(path))
                {
                    if (!overwrite)
                        throw new IOException($"The file '{path}' already exists.");
                    File.Replace(temporary, path, destinationBackupFileName: null);
                }
                else
                {
                    File.Move(temporary, path);
                }
            }
            finally
            {
                if (File.Exists(temporary))
                    File.Delete(temporary);
            }
        }
    }
}
