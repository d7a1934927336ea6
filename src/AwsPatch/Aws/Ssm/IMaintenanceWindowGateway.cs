using System.Collections.Generic;
using System.Threading;
using System.Threading.Tasks;

namespace AwsPatch.Aws
{
    /// <summary>The Systems Manager maintenance-window calls AwsPatch makes, SDK-free. Throws <see cref="AwsCallException"/>.</summary>
    public interface IMaintenanceWindowGateway
    {
        /// <summary>One page of DescribeMaintenanceWindows (at most <see cref="MaintenanceWindowLimits.PageSize"/>), filtered by name when given.</summary>
        Task<Page<MaintenanceWindowRecord>> DescribeWindowsAsync(IReadOnlyList<string> names, string? nextToken, CancellationToken cancellationToken);

        /// <summary>GetMaintenanceWindow (AllowUnassociatedTargets and CreatedDate beside the settings); null on DoesNotExistException.</summary>
        Task<MaintenanceWindowRecord?> GetWindowAsync(string windowId, CancellationToken cancellationToken);

        Task<Page<MaintenanceWindowTargetRecord>> DescribeTargetsAsync(string windowId, string? nextToken, CancellationToken cancellationToken);

        Task<Page<MaintenanceWindowTaskRecord>> DescribeTasksAsync(string windowId, string? nextToken, CancellationToken cancellationToken);

        /// <summary>GetMaintenanceWindowTask: the task with its Run Command parameters.</summary>
        Task<MaintenanceWindowTaskRecord> GetTaskAsync(string windowId, string windowTaskId, CancellationToken cancellationToken);

        /// <summary>CreateMaintenanceWindow; returns the WindowId.</summary>
        Task<string> CreateWindowAsync(MaintenanceWindowSettings settings, CancellationToken cancellationToken);

        Task UpdateWindowAsync(string windowId, MaintenanceWindowSettings settings, CancellationToken cancellationToken);

        Task DeleteWindowAsync(string windowId, CancellationToken cancellationToken);

        /// <summary>RegisterTargetWithMaintenanceWindow (ResourceType INSTANCE); returns the WindowTargetId.</summary>
        Task<string> RegisterTargetAsync(string windowId, string name, IReadOnlyList<KeyValuePair<string, IReadOnlyList<string>>> targets, CancellationToken cancellationToken);

        /// <summary>DeregisterTargetFromMaintenanceWindow with Safe: AWS refuses (TargetInUseException) while a task still uses the target.</summary>
        Task DeregisterTargetAsync(string windowId, string windowTargetId, CancellationToken cancellationToken);

        /// <summary>RegisterTaskWithMaintenanceWindow: a RUN_COMMAND task on the window targets given; returns the WindowTaskId.</summary>
        Task<string> RegisterRunCommandTaskAsync(string windowId, MaintenanceWindowTaskRecord task, CancellationToken cancellationToken);

        Task DeregisterTaskAsync(string windowId, string windowTaskId, CancellationToken cancellationToken);
    }
}
