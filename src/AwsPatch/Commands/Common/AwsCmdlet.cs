using System;
using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;
using Amazon.Runtime;
using AwsPatch.Aws;
using AwsPatch.Common;

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

        /// <summary>The region(s) to call, e.g. us-east-1, eu-west-1. Accepts AWS.Tools region objects too.</summary>
        [Parameter(ValueFromPipelineByPropertyName = true)]
        [ArgumentCompleter(typeof(RegionCompleter))]
        [RegionTransformation]
        public string[]? Region { get; set; }

        /// <summary>
        /// Roles to assume through STS, one per account; each is called in every region. Binds from input objects that
        /// carry the role they were listed through (<see cref="PatchInstance.RoleArn"/>); an empty value means none.
        /// </summary>
        [Parameter(ValueFromPipelineByPropertyName = true)]
        [AllowNull]
        [AllowEmptyCollection]
        public string[]? RoleArn { get; set; }

        /// <summary>Accounts to reach through the role <see cref="RoleName"/> in each.</summary>
        [Parameter]
        [ValidateNotNullOrEmpty]
        [ValidatePattern(@"^\s*\d{12}\s*$")]
        public string[]? AccountId { get; set; }

        /// <summary>The role (name, or path/name) to assume in every account of <see cref="AccountId"/>.</summary>
        [Parameter]
        [ValidateNotNullOrEmpty]
        public string? RoleName { get; set; }

        /// <summary>The external id the roles' trust policies ask for (sts:ExternalId).</summary>
        [Parameter]
        [ValidateNotNullOrEmpty]
        public string? ExternalId { get; set; }

        /// <summary>How many account–region pairs are worked on at once (default <see cref="SessionFanOut.DefaultParallelism"/>).</summary>
        [Parameter]
        [ValidateRange(1, 64)]
        public int ThrottleLimit { get; set; } = SessionFanOut.DefaultParallelism;

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

        /// <summary>
        /// Every account–region session of the current input (regions × roles), the first being <see cref="Session"/>.
        /// Only a cmdlet that says <see cref="SupportsFanOut"/> gets more than one; the others end with an error instead.
        /// </summary>
        protected IReadOnlyList<AwsSession> Sessions { get; private set; } = Array.Empty<AwsSession>();

        /// <summary>Whether the cmdlet works on several regions/accounts at once (through <see cref="SessionFanOut"/>).</summary>
        protected virtual bool SupportsFanOut => false;

        /// <summary>The ShouldProcess/-Force gate every state-changing cmdlet asks, once per affected resource.</summary>
        internal ApprovalGate Approval { get; }

        /// <summary>The module's services, shared by every cmdlet in the session (picked on the pipeline thread in BeginProcessing).</summary>
        internal ModuleServices Services { get; private set; } = ModuleServices.Instance;

        /// <summary>The parameters given on the command line (bound before the first input object arrives).</summary>
        private HashSet<string> _commandLine = new HashSet<string>(StringComparer.OrdinalIgnoreCase);

        /// <summary>Identity parameters, in order of preference, that name the current input object in a per-item error.</summary>
        private static readonly string[] InputIdentity = { "InputObject", "InstanceId", "SnapshotId", "CommandId", "RunId" };

        protected override void BeginProcessing()
        {
            _commandLine = new HashSet<string>(MyInvocation.BoundParameters.Keys, StringComparer.OrdinalIgnoreCase);
            Services = ModuleServices.For(System.Management.Automation.Runspaces.Runspace.DefaultRunspace);
        }

        /// <summary>
        /// Resolves (or reuses) the session for the currently bound values. Nothing resolvable ends the command with
        /// one terminating error that names the options, with one exception: an invalid region that came with the
        /// current input object (its <c>Region</c> property, not <c>-Region</c> on the command line) only fails that
        /// object. Then this writes one non-terminating <c>InvalidRegion</c> error whose target is the object's id and
        /// returns null; the caller skips the object and the pipeline goes on with the next one. A bad <c>-Region</c>,
        /// <c>$StoredAWSRegion</c> or environment value stays terminating: no object could run with it.
        /// </summary>
        protected AwsSession? ResolveSession()
        {
            var regions = Region == null || Region.All(string.IsNullOrWhiteSpace)
                ? new string?[] { null }
                : Region.Where(r => !string.IsNullOrWhiteSpace(r)).Select(r => r.Trim()).Distinct(StringComparer.OrdinalIgnoreCase).ToArray<string?>();
            var roles = RolesToAssume();
            if (regions.Length * roles.Count > 1 && !SupportsFanOut)
            {
                ThrowTerminatingError(ErrorRecordFactory.FromSession(new AwsSessionException(AwsSessionErrorKind.ContradictoryTargets,
                    $"{MyInvocation.MyCommand.Name} works in one region and one account at a time; it was given {regions.Length} region(s) and {roles.Count} role(s).",
                    $"Call it once per region and account (foreach ($r in 'us-east-1','eu-west-1') {{ {MyInvocation.MyCommand.Name} -Region $r ... }}), "
                    + "or pipe in objects from Get-PatchInstance, which lists several regions and accounts at once.")));
            }

            var sessions = new List<AwsSession>();
            foreach (var role in roles)
            {
                foreach (var region in regions)
                {
                    var session = ResolveSession(region, role);
                    if (session == null)
                    {
                        Session = null;
                        Sessions = Array.Empty<AwsSession>();
                        return null;
                    }
                    sessions.Add(session);
                }
            }
            Sessions = sessions;
            Session = sessions[0];
            return Session;
        }

        /// <summary>The roles -RoleArn or -AccountId/-RoleName name (one null entry: none); contradictory ones end the command.</summary>
        private IReadOnlyList<string?> RolesToAssume()
        {
            // A role piped in with the input object (its RoleArn property) gives way to roles named on the command line.
            var roleArns = RoleArn?.Where(arn => !string.IsNullOrWhiteSpace(arn)).Select(arn => arn.Trim()).Distinct(StringComparer.Ordinal).ToList();
            if (roleArns != null && (roleArns.Count == 0 || (!_commandLine.Contains(nameof(RoleArn)) && (AccountId != null || RoleName != null))))
                roleArns = null;
            string? problem = null;
            if (roleArns != null && (AccountId != null || RoleName != null))
                problem = "-RoleArn names the roles itself; it cannot be combined with -AccountId or -RoleName.";
            else if (AccountId != null && RoleName == null)
                problem = "-AccountId needs -RoleName: the role to assume in each account.";
            else if (RoleName != null && AccountId == null)
                problem = "-RoleName needs -AccountId: the accounts to assume it in.";
            else if (ExternalId != null && roleArns == null && AccountId == null && !MyInvocation.ExpectingInput)
                problem = "-ExternalId is only sent with a role to assume (-RoleArn, or -AccountId with -RoleName).";
            if (problem != null)
            {
                ThrowTerminatingError(ErrorRecordFactory.FromSession(new AwsSessionException(AwsSessionErrorKind.ContradictoryTargets, problem,
                    "Pass -RoleArn arn:aws:iam::<account>:role/<name> (several allowed), or -AccountId <account>,<account> -RoleName <name>; add -ExternalId when the roles' trust policy asks for one.")));
            }
            if (roleArns != null)
                return roleArns.ToArray<string?>();
            if (AccountId != null)
                return AccountId.Select(id => (string?)RoleArns.For(id.Trim(), RoleName!)).Distinct(StringComparer.Ordinal).ToList();
            return new string?[] { null };
        }

        /// <summary>
        /// The session the command line alone names, whatever the input objects bound: its first -Region and its first
        /// role (-RoleArn, or -AccountId with -RoleName), else the credentials' own account and their default region.
        /// Call on the pipeline thread (it reads the AWS.Tools shell variables).
        /// </summary>
        internal AwsSession? CommandLineSession()
        {
            var region = _commandLine.Contains(nameof(Region)) ? Region?.FirstOrDefault(r => !string.IsNullOrWhiteSpace(r))?.Trim() : null;
            var role = _commandLine.Contains(nameof(RoleArn)) ? RoleArn?.FirstOrDefault(arn => !string.IsNullOrWhiteSpace(arn))?.Trim()
                : AccountId != null && RoleName != null ? RoleArns.For(AccountId[0].Trim(), RoleName) : null;
            return ResolveSession(region, role);
        }

        /// <summary>
        /// A session in <paramref name="region"/> through <paramref name="roleArn"/> (none: the credentials' own), with
        /// this command's credentials and endpoint, and the external id given (-ExternalId) or the one the role was
        /// last assumed with in this PowerShell session. Call on the pipeline thread.
        /// </summary>
        internal AwsSession? SessionFor(string region, string? roleArn) => ResolveSession(region, roleArn);

        private AwsSession? ResolveSession(string? region, string? roleArn)
        {
            var request = new AwsSessionRequest
            {
                Region = region,
                RoleArn = roleArn,
                ExternalId = roleArn == null ? null : ExternalId ?? (RoleFromInput ? Services.ExternalIds.For(EndpointUrl, roleArn) : null),
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
                catch (AwsSessionException ex) when (ex.Kind == AwsSessionErrorKind.InvalidRegion && RegionFromInput)
                {
                    var target = InputTarget();
                    var record = ErrorRecordFactory.FromSession(ex, target);
                    record.ErrorDetails = new ErrorDetails($"{ex.Message.TrimEnd('.')}: it is the Region property of the input object {target}, which was skipped; the other input goes on.")
                    {
                        RecommendedAction = "Correct that object's Region property to a region code such as us-east-1, or pass -Region to run every object in one region.",
                    };
                    WriteError(record);
                    return null;
                }
                catch (AwsSessionException ex)
                {
                    ThrowTerminatingError(ErrorRecordFactory.FromSession(ex));
                    throw; // not reached: ThrowTerminatingError always throws
                }
                _sessions[request] = session;
                if (roleArn != null && ExternalId != null)
                    Services.ExternalIds.Remember(EndpointUrl, roleArn, ExternalId);
                WriteDebug($"AWS session: region {session.RegionName} from {session.RegionSource}; credentials from {session.CredentialSource}"
                    + (session.EndpointUrl != null ? $"; endpoint {session.EndpointUrl} from {session.EndpointSource}" : string.Empty) + ".");
            }
            return session;
        }

        /// <summary>
        /// Whether the role came with the current input object (its RoleArn property, not -RoleArn or -AccountId/-RoleName):
        /// it is then assumed with the external id it was listed with, unless -ExternalId names one.
        /// </summary>
        private bool RoleFromInput => !_commandLine.Contains(nameof(RoleArn)) && AccountId == null;

        /// <summary>Whether the bound region came with the current input object rather than from the command line.</summary>
        private bool RegionFromInput => !_commandLine.Contains(nameof(Region)) && Region != null && Region.Any(r => !string.IsNullOrWhiteSpace(r));

        /// <summary>The current input object's id (or the object itself) from the parameters it bound; its region when it bound none.</summary>
        private object InputTarget()
        {
            var bound = MyInvocation.BoundParameters;
            foreach (var name in InputIdentity)
            {
                if (_commandLine.Contains(name) || !bound.TryGetValue(name, out var value) || value == null)
                    continue;
                var single = value is Array { Length: 1 } array ? array.GetValue(0) : value;
                if (single != null)
                    return single is PSObject wrapped ? wrapped.BaseObject : single;
            }
            return string.Join(", ", Region!);
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
