using System;
using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;
using Amazon.Runtime;
using AwsPatch.Aws;

namespace AwsPatch.Commands.Common
{
    /// <summary>
    /// The session parameters every AWS cmdlet shares, named and aliased as in AWS.Tools, all bindable by property
    /// name (an input object carrying <c>Region</c> runs in its own region). It only gathers what was bound plus
    /// the AWS.Tools shell variables; <see cref="AwsSessionResolver"/> decides.
    /// </summary>
    public abstract class AwsCmdlet : PSCmdlet, IDisposable
    {
        private readonly Dictionary<AwsSessionRequest, AwsSession> _sessions = new Dictionary<AwsSessionRequest, AwsSession>();

        protected AwsCmdlet() => Approval = new ApprovalGate(this);

        /// <summary>The region to call, e.g. us-east-1. Accepts AWS.Tools region objects too.</summary>
        [Parameter(ValueFromPipelineByPropertyName = true)]
        [ArgumentCompleter(typeof(RegionCompleter))]
        [RegionTransformation]
        public string? Region { get; set; }

        [Parameter(ValueFromPipelineByPropertyName = true)]
        [Alias("AWSProfileName", "StoredCredentials")]
        public string? ProfileName { get; set; }

        [Parameter(ValueFromPipelineByPropertyName = true)]
        [Alias("AWSProfilesLocation", "ProfilesLocation")]
        public string? ProfileLocation { get; set; }

        [Parameter(ValueFromPipelineByPropertyName = true)]
        public AWSCredentials? Credential { get; set; }

        [Parameter(ValueFromPipelineByPropertyName = true)]
        [Alias("AK")]
        public string? AccessKey { get; set; }

        [Parameter(ValueFromPipelineByPropertyName = true)]
        [Alias("SK", "SecretAccessKey")]
        public string? SecretKey { get; set; }

        [Parameter(ValueFromPipelineByPropertyName = true)]
        [Alias("ST")]
        public string? SessionToken { get; set; }

        /// <summary>Send requests here instead of the public AWS endpoint (a VPC endpoint, a proxy, the AwsPatch sandbox).</summary>
        [Parameter(ValueFromPipelineByPropertyName = true)]
        public string? EndpointUrl { get; set; }

        /// <summary>The session for the current input; set by <see cref="ResolveSession"/> on the pipeline thread.</summary>
        protected AwsSession? Session { get; private set; }

        /// <summary>The ShouldProcess/-Force gate every state-changing cmdlet asks, once per affected resource.</summary>
        internal ApprovalGate Approval { get; }

        /// <summary>The module's services, shared by every cmdlet in the session.</summary>
        internal static ModuleServices Services => ModuleServices.Instance;

        /// <summary>
        /// Resolves (or reuses) the session for the currently bound values. Nothing resolvable ends the command with
        /// one terminating error that names the options.
        /// </summary>
        protected AwsSession ResolveSession()
        {
            var request = new AwsSessionRequest
            {
                Region = Region,
                ProfileName = ProfileName,
                ProfileLocation = ProfileLocation,
                Credential = Credential,
                AccessKey = AccessKey,
                SecretKey = SecretKey,
                SessionToken = SessionToken,
                EndpointUrl = EndpointUrl,
                StoredCredentials = Unwrap(SessionState.PSVariable.GetValue("StoredAWSCredentials")),
                StoredRegion = Unwrap(SessionState.PSVariable.GetValue("StoredAWSRegion")),
            };
            if (!_sessions.TryGetValue(request, out var session))
            {
                try
                {
                    session = Services.SessionResolver.Resolve(request);
                }
                catch (AwsSessionException ex)
                {
                    ThrowTerminatingError(ErrorRecordFactory.FromSession(ex));
                    throw; // not reached: ThrowTerminatingError always throws
                }
                _sessions[request] = session;
                WriteDebug($"AWS session: region {session.RegionName} from {session.RegionSource}; credentials from {session.CredentialSource}"
                    + (session.EndpointUrl != null ? $"; endpoint {session.EndpointUrl} from {session.EndpointSource}" : string.Empty) + ".");
            }
            Session = session;
            return session;
        }

        /// <summary>PowerShell disposes a command when its pipeline ends, also after a stop: release its SDK clients.</summary>
        public void Dispose()
        {
            foreach (var session in _sessions.Values.Distinct())
                Services.Clients.Release(session);
            _sessions.Clear();
        }

        private static object? Unwrap(object? value) => value is PSObject wrapped ? wrapped.BaseObject : value;
    }
}
