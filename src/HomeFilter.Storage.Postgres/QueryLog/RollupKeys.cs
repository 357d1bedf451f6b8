namespace HomeFilter.Storage.Postgres.QueryLog;

/// <summary>An hour of one client at one branch, in one group (the key of <c>rollup_hour</c>).</summary>
internal readonly record struct RollupHourKey(long Hour, long Client, string Group, string Branch);

/// <summary>A day of one client at one branch, in one group, for one name (the key of <c>rollup_day_name</c>).</summary>
internal readonly record struct RollupNameKey(long Day, long Client, string Group, long Name, string Branch);

/// <summary>A day of one client at one branch, in one group, for one category (the key of <c>rollup_day_category</c>).</summary>
internal readonly record struct RollupCategoryKey(long Day, long Client, string Group, string Category, string Branch);
