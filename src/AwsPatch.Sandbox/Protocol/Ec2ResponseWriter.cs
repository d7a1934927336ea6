using System.Globalization;
using System.Text;
using System.Xml;

namespace AwsPatch.Sandbox.Protocol;

/// <summary>
/// Writes an EC2 query-protocol response: <c>&lt;{Action}Response xmlns="http://ec2.amazonaws.com/doc/2016-11-15/"&gt;</c>
/// with <c>requestId</c> first, lists as <c>&lt;item&gt;</c> children of the list's locationName.
/// </summary>
internal sealed class Ec2ResponseWriter : IDisposable
{
    public const string Namespace = "http://ec2.amazonaws.com/doc/2016-11-15/";
    private readonly MemoryStream _buffer = new();
    private readonly XmlWriter _xml;

    public Ec2ResponseWriter(string action, string requestId)
    {
        _xml = XmlWriter.Create(_buffer, new XmlWriterSettings { Encoding = new UTF8Encoding(false), Indent = false });
        _xml.WriteStartDocument();
        _xml.WriteStartElement(action + "Response", Namespace);
        Value("requestId", requestId);
    }

    public void Value(string name, string? value)
    {
        if (value is null) return;
        _xml.WriteElementString(name, Namespace, value);
    }

    public void Value(string name, int value) => Value(name, value.ToString(CultureInfo.InvariantCulture));

    public void Value(string name, bool value) => Value(name, value ? "true" : "false");

    public void Value(string name, DateTime value) => Value(name, Timestamp(value));

    public void Start(string name) => _xml.WriteStartElement(name, Namespace);

    public void End() => _xml.WriteEndElement();

    /// <summary>A structure member: <c>&lt;name&gt;…&lt;/name&gt;</c>.</summary>
    public void Structure(string name, Action body)
    {
        Start(name);
        body();
        End();
    }

    /// <summary>A list member: <c>&lt;name&gt;&lt;item&gt;…&lt;/item&gt;…&lt;/name&gt;</c>.</summary>
    public void List<T>(string name, IEnumerable<T> items, Action<T> item)
    {
        Start(name);
        foreach (var each in items)
        {
            Start("item");
            item(each);
            End();
        }

        End();
    }

    /// <summary>A tag list; EC2 leaves <c>tagSet</c> out when there are no tags.</summary>
    public void Tags(IReadOnlyDictionary<string, string> tags)
    {
        if (tags.Count == 0) return;
        List("tagSet", tags, tag =>
        {
            Value("key", tag.Key);
            Value("value", tag.Value);
        });
    }

    public byte[] Finish()
    {
        _xml.WriteEndElement();
        _xml.WriteEndDocument();
        _xml.Flush();
        return _buffer.ToArray();
    }

    public void Dispose()
    {
        _xml.Dispose();
        _buffer.Dispose();
    }

    public static string Timestamp(DateTime value) =>
        value.ToUniversalTime().ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture);
}
