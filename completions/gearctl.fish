# Print an optspec for argparse to handle cmd's options that are independent of any subcommand.
function __fish_gearctl_global_optspecs
    string join \n profile= region= endpoint-url= max-attempts= o/output= color= q/quiet v/verbose h/help V/version
end

function __fish_gearctl_needs_command
    # Figure out if the current invocation already has a command.
    set -l cmd (commandline -opc)
    set -e cmd[1]
    argparse -s (__fish_gearctl_global_optspecs) -- $cmd 2>/dev/null
    or return
    if set -q argv[1]
        # Also print the command, so this can be used to figure out what it is.
        echo $argv[1]
        return 1
    end
    return 0
end

function __fish_gearctl_using_subcommand
    set -l cmd (__fish_gearctl_needs_command)
    test -z "$cmd"
    and return 1
    contains -- $cmd[1] $argv
end

complete -c gearctl -n "__fish_gearctl_needs_command" -l profile -d 'Named profile from ~/.aws/config (SSO and assume-role profiles work) [env: AWS_PROFILE]' -r
complete -c gearctl -n "__fish_gearctl_needs_command" -l region -d 'AWS region, e.g. eu-west-1 [env: AWS_REGION]' -r
complete -c gearctl -n "__fish_gearctl_needs_command" -l endpoint-url -d 'Send every AWS call to this URL, e.g. a local emulator [env: AWS_ENDPOINT_URL]' -r
complete -c gearctl -n "__fish_gearctl_needs_command" -l max-attempts -d 'Attempts per AWS call, throttling retries included (adaptive retry mode)' -r
complete -c gearctl -n "__fish_gearctl_needs_command" -s o -l output -d 'Output format of the result on stdout' -r -f -a "table\t'A human-readable table'
json\t'A versioned JSON document (see README, "JSON output")'
yaml\t'The same document as YAML'
csv\t'One row per item (package, function…), raw numbers; not every command has it'"
complete -c gearctl -n "__fish_gearctl_needs_command" -l color -d 'When to use colors (NO_COLOR is honoured in auto)' -r -f -a "auto\t''
always\t''
never\t''"
complete -c gearctl -n "__fish_gearctl_needs_command" -s q -l quiet -d 'No progress bars or warnings on stderr; errors are still printed'
complete -c gearctl -n "__fish_gearctl_needs_command" -s v -l verbose -d 'Log what gearctl does on stderr (-v info, -vv debug, -vvv SDK debug)'
complete -c gearctl -n "__fish_gearctl_needs_command" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c gearctl -n "__fish_gearctl_needs_command" -s V -l version -d 'Print version'
complete -c gearctl -n "__fish_gearctl_needs_command" -f -a "audit" -d 'Audit Lambda package sizes: local zips and service directories (offline), or `audit deployed` for what is in the account'
complete -c gearctl -n "__fish_gearctl_needs_command" -f -a "coldstarts" -d 'Cold-start counts and init durations per function, from CloudWatch Logs'
complete -c gearctl -n "__fish_gearctl_needs_command" -f -a "doctor" -d 'Show who and where gearctl runs as, check access, and list the IAM actions each command needs'
complete -c gearctl -n "__fish_gearctl_needs_command" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c gearctl -n "__fish_gearctl_using_subcommand audit; and not __fish_seen_subcommand_from deployed help" -l max-zipped -d 'Fail when a package\'s zipped size exceeds SIZE (e.g. 10MiB)' -r
complete -c gearctl -n "__fish_gearctl_using_subcommand audit; and not __fish_seen_subcommand_from deployed help" -l config -d 'Budget file with an `audit:` section [default: ./.gearctl.yml, and one in each service directory]' -r -F
complete -c gearctl -n "__fish_gearctl_using_subcommand audit; and not __fish_seen_subcommand_from deployed help" -l max-unzipped -d 'Fail when a package\'s unzipped size exceeds SIZE' -r
complete -c gearctl -n "__fish_gearctl_using_subcommand audit; and not __fish_seen_subcommand_from deployed help" -l top -d 'How many biggest contributors to list per package' -r
complete -c gearctl -n "__fish_gearctl_using_subcommand audit; and not __fish_seen_subcommand_from deployed help" -l runtime -d 'Lambda runtime of zips whose runtime is not known (e.g. python3.12, nodejs20.x)' -r
complete -c gearctl -n "__fish_gearctl_using_subcommand audit; and not __fish_seen_subcommand_from deployed help" -l huge-file -d 'Report single files at least this big [default: 5MiB]' -r
complete -c gearctl -n "__fish_gearctl_using_subcommand audit; and not __fish_seen_subcommand_from deployed help" -l stage -d 'Stage used to resolve serverless.yml variables' -r
complete -c gearctl -n "__fish_gearctl_using_subcommand audit; and not __fish_seen_subcommand_from deployed help" -l profile -d 'Named profile from ~/.aws/config (SSO and assume-role profiles work) [env: AWS_PROFILE]' -r
complete -c gearctl -n "__fish_gearctl_using_subcommand audit; and not __fish_seen_subcommand_from deployed help" -l region -d 'AWS region, e.g. eu-west-1 [env: AWS_REGION]' -r
complete -c gearctl -n "__fish_gearctl_using_subcommand audit; and not __fish_seen_subcommand_from deployed help" -l endpoint-url -d 'Send every AWS call to this URL, e.g. a local emulator [env: AWS_ENDPOINT_URL]' -r
complete -c gearctl -n "__fish_gearctl_using_subcommand audit; and not __fish_seen_subcommand_from deployed help" -l max-attempts -d 'Attempts per AWS call, throttling retries included (adaptive retry mode)' -r
complete -c gearctl -n "__fish_gearctl_using_subcommand audit; and not __fish_seen_subcommand_from deployed help" -s o -l output -d 'Output format of the result on stdout' -r -f -a "table\t'A human-readable table'
json\t'A versioned JSON document (see README, "JSON output")'
yaml\t'The same document as YAML'
csv\t'One row per item (package, function…), raw numbers; not every command has it'"
complete -c gearctl -n "__fish_gearctl_using_subcommand audit; and not __fish_seen_subcommand_from deployed help" -l color -d 'When to use colors (NO_COLOR is honoured in auto)' -r -f -a "auto\t''
always\t''
never\t''"
complete -c gearctl -n "__fish_gearctl_using_subcommand audit; and not __fish_seen_subcommand_from deployed help" -l deep -d 'Also read file contents: duplicate files, and the zipped size of source trees'
complete -c gearctl -n "__fish_gearctl_using_subcommand audit; and not __fish_seen_subcommand_from deployed help" -s q -l quiet -d 'No progress bars or warnings on stderr; errors are still printed'
complete -c gearctl -n "__fish_gearctl_using_subcommand audit; and not __fish_seen_subcommand_from deployed help" -s v -l verbose -d 'Log what gearctl does on stderr (-v info, -vv debug, -vvv SDK debug)'
complete -c gearctl -n "__fish_gearctl_using_subcommand audit; and not __fish_seen_subcommand_from deployed help" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c gearctl -n "__fish_gearctl_using_subcommand audit; and not __fish_seen_subcommand_from deployed help" -s V -l version -d 'Print version'
complete -c gearctl -n "__fish_gearctl_using_subcommand audit; and not __fish_seen_subcommand_from deployed help" -a "deployed" -d 'Audit the deployed functions: code size, layers, versions and the storage they hold; prune old versions'
complete -c gearctl -n "__fish_gearctl_using_subcommand audit; and not __fish_seen_subcommand_from deployed help" -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c gearctl -n "__fish_gearctl_using_subcommand audit; and __fish_seen_subcommand_from deployed" -l max-zipped -d 'Fail when a package\'s zipped size exceeds SIZE (e.g. 10MiB)' -r
complete -c gearctl -n "__fish_gearctl_using_subcommand audit; and __fish_seen_subcommand_from deployed" -l config -d 'Budget file with an `audit:` section [default: ./.gearctl.yml, and one in each service directory]' -r -F
complete -c gearctl -n "__fish_gearctl_using_subcommand audit; and __fish_seen_subcommand_from deployed" -l keep -d 'Keep the newest N unaliased versions out of the prunable list' -r
complete -c gearctl -n "__fish_gearctl_using_subcommand audit; and __fish_seen_subcommand_from deployed" -l concurrency -d 'Functions read in parallel' -r
complete -c gearctl -n "__fish_gearctl_using_subcommand audit; and __fish_seen_subcommand_from deployed" -l max-unzipped -d 'With --deep: fail when a package\'s unzipped size exceeds SIZE' -r
complete -c gearctl -n "__fish_gearctl_using_subcommand audit; and __fish_seen_subcommand_from deployed" -l top -d 'With --deep: how many biggest contributors to list per package' -r
complete -c gearctl -n "__fish_gearctl_using_subcommand audit; and __fish_seen_subcommand_from deployed" -l huge-file -d 'With --deep: report single files at least this big [default: 5MiB]' -r
complete -c gearctl -n "__fish_gearctl_using_subcommand audit; and __fish_seen_subcommand_from deployed" -l profile -d 'Named profile from ~/.aws/config (SSO and assume-role profiles work) [env: AWS_PROFILE]' -r
complete -c gearctl -n "__fish_gearctl_using_subcommand audit; and __fish_seen_subcommand_from deployed" -l region -d 'AWS region, e.g. eu-west-1 [env: AWS_REGION]' -r
complete -c gearctl -n "__fish_gearctl_using_subcommand audit; and __fish_seen_subcommand_from deployed" -l endpoint-url -d 'Send every AWS call to this URL, e.g. a local emulator [env: AWS_ENDPOINT_URL]' -r
complete -c gearctl -n "__fish_gearctl_using_subcommand audit; and __fish_seen_subcommand_from deployed" -l max-attempts -d 'Attempts per AWS call, throttling retries included (adaptive retry mode)' -r
complete -c gearctl -n "__fish_gearctl_using_subcommand audit; and __fish_seen_subcommand_from deployed" -s o -l output -d 'Output format of the result on stdout' -r -f -a "table\t'A human-readable table'
json\t'A versioned JSON document (see README, "JSON output")'
yaml\t'The same document as YAML'
csv\t'One row per item (package, function…), raw numbers; not every command has it'"
complete -c gearctl -n "__fish_gearctl_using_subcommand audit; and __fish_seen_subcommand_from deployed" -l color -d 'When to use colors (NO_COLOR is honoured in auto)' -r -f -a "auto\t''
always\t''
never\t''"
complete -c gearctl -n "__fish_gearctl_using_subcommand audit; and __fish_seen_subcommand_from deployed" -l prune -d 'Delete the prunable versions (requires an explicit --keep)'
complete -c gearctl -n "__fish_gearctl_using_subcommand audit; and __fish_seen_subcommand_from deployed" -l dry-run -d 'With --prune: show what would be deleted, delete nothing'
complete -c gearctl -n "__fish_gearctl_using_subcommand audit; and __fish_seen_subcommand_from deployed" -s y -l yes -d 'With --prune: do not ask for confirmation'
complete -c gearctl -n "__fish_gearctl_using_subcommand audit; and __fish_seen_subcommand_from deployed" -l deep -d 'Download each package (GetFunction) and audit its content like a local zip: unzipped size, contributors, bloat rules, duplicates'
complete -c gearctl -n "__fish_gearctl_using_subcommand audit; and __fish_seen_subcommand_from deployed" -s q -l quiet -d 'No progress bars or warnings on stderr; errors are still printed'
complete -c gearctl -n "__fish_gearctl_using_subcommand audit; and __fish_seen_subcommand_from deployed" -s v -l verbose -d 'Log what gearctl does on stderr (-v info, -vv debug, -vvv SDK debug)'
complete -c gearctl -n "__fish_gearctl_using_subcommand audit; and __fish_seen_subcommand_from deployed" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c gearctl -n "__fish_gearctl_using_subcommand audit; and __fish_seen_subcommand_from deployed" -s V -l version -d 'Print version'
complete -c gearctl -n "__fish_gearctl_using_subcommand audit; and __fish_seen_subcommand_from help" -f -a "deployed" -d 'Audit the deployed functions: code size, layers, versions and the storage they hold; prune old versions'
complete -c gearctl -n "__fish_gearctl_using_subcommand audit; and __fish_seen_subcommand_from help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c gearctl -n "__fish_gearctl_using_subcommand coldstarts" -l since -d 'How far back to look, e.g. 90m, 24h, 7d [default: 24h]' -r
complete -c gearctl -n "__fish_gearctl_using_subcommand coldstarts" -l start -d 'Window start, RFC 3339 (e.g. 2026-11-01T00:00:00Z)' -r
complete -c gearctl -n "__fish_gearctl_using_subcommand coldstarts" -l end -d 'Window end, RFC 3339 [default: now]' -r
complete -c gearctl -n "__fish_gearctl_using_subcommand coldstarts" -l engine -d 'Statistics engine' -r -f -a "auto\t'Insights where it can (`--by function`), scanning what it cannot cover'
insights\t'Logs Insights (falls back to scan when its results are unusable)'
scan\t'FilterLogEvents over every line: exact, and the only one with restore and init-failure data'"
complete -c gearctl -n "__fish_gearctl_using_subcommand coldstarts" -l by -d 'Group rows by function, memory size, runtime, architecture or version' -r -f -a "function\t''
memory\t''
runtime\t''
arch\t''
version\t''"
complete -c gearctl -n "__fish_gearctl_using_subcommand coldstarts" -l concurrency -d 'Log groups scanned in parallel' -r
complete -c gearctl -n "__fish_gearctl_using_subcommand coldstarts" -l log-file -d 'Read exported log text from FILE instead of CloudWatch (offline; repeatable)' -r -F
complete -c gearctl -n "__fish_gearctl_using_subcommand coldstarts" -l profile -d 'Named profile from ~/.aws/config (SSO and assume-role profiles work) [env: AWS_PROFILE]' -r
complete -c gearctl -n "__fish_gearctl_using_subcommand coldstarts" -l region -d 'AWS region, e.g. eu-west-1 [env: AWS_REGION]' -r
complete -c gearctl -n "__fish_gearctl_using_subcommand coldstarts" -l endpoint-url -d 'Send every AWS call to this URL, e.g. a local emulator [env: AWS_ENDPOINT_URL]' -r
complete -c gearctl -n "__fish_gearctl_using_subcommand coldstarts" -l max-attempts -d 'Attempts per AWS call, throttling retries included (adaptive retry mode)' -r
complete -c gearctl -n "__fish_gearctl_using_subcommand coldstarts" -s o -l output -d 'Output format of the result on stdout' -r -f -a "table\t'A human-readable table'
json\t'A versioned JSON document (see README, "JSON output")'
yaml\t'The same document as YAML'
csv\t'One row per item (package, function…), raw numbers; not every command has it'"
complete -c gearctl -n "__fish_gearctl_using_subcommand coldstarts" -l color -d 'When to use colors (NO_COLOR is honoured in auto)' -r -f -a "auto\t''
always\t''
never\t''"
complete -c gearctl -n "__fish_gearctl_using_subcommand coldstarts" -s q -l quiet -d 'No progress bars or warnings on stderr; errors are still printed'
complete -c gearctl -n "__fish_gearctl_using_subcommand coldstarts" -s v -l verbose -d 'Log what gearctl does on stderr (-v info, -vv debug, -vvv SDK debug)'
complete -c gearctl -n "__fish_gearctl_using_subcommand coldstarts" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c gearctl -n "__fish_gearctl_using_subcommand coldstarts" -s V -l version -d 'Print version'
complete -c gearctl -n "__fish_gearctl_using_subcommand doctor" -l profile -d 'Named profile from ~/.aws/config (SSO and assume-role profiles work) [env: AWS_PROFILE]' -r
complete -c gearctl -n "__fish_gearctl_using_subcommand doctor" -l region -d 'AWS region, e.g. eu-west-1 [env: AWS_REGION]' -r
complete -c gearctl -n "__fish_gearctl_using_subcommand doctor" -l endpoint-url -d 'Send every AWS call to this URL, e.g. a local emulator [env: AWS_ENDPOINT_URL]' -r
complete -c gearctl -n "__fish_gearctl_using_subcommand doctor" -l max-attempts -d 'Attempts per AWS call, throttling retries included (adaptive retry mode)' -r
complete -c gearctl -n "__fish_gearctl_using_subcommand doctor" -s o -l output -d 'Output format of the result on stdout' -r -f -a "table\t'A human-readable table'
json\t'A versioned JSON document (see README, "JSON output")'
yaml\t'The same document as YAML'
csv\t'One row per item (package, function…), raw numbers; not every command has it'"
complete -c gearctl -n "__fish_gearctl_using_subcommand doctor" -l color -d 'When to use colors (NO_COLOR is honoured in auto)' -r -f -a "auto\t''
always\t''
never\t''"
complete -c gearctl -n "__fish_gearctl_using_subcommand doctor" -s q -l quiet -d 'No progress bars or warnings on stderr; errors are still printed'
complete -c gearctl -n "__fish_gearctl_using_subcommand doctor" -s v -l verbose -d 'Log what gearctl does on stderr (-v info, -vv debug, -vvv SDK debug)'
complete -c gearctl -n "__fish_gearctl_using_subcommand doctor" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c gearctl -n "__fish_gearctl_using_subcommand doctor" -s V -l version -d 'Print version'
complete -c gearctl -n "__fish_gearctl_using_subcommand help; and not __fish_seen_subcommand_from audit coldstarts doctor help" -f -a "audit" -d 'Audit Lambda package sizes: local zips and service directories (offline), or `audit deployed` for what is in the account'
complete -c gearctl -n "__fish_gearctl_using_subcommand help; and not __fish_seen_subcommand_from audit coldstarts doctor help" -f -a "coldstarts" -d 'Cold-start counts and init durations per function, from CloudWatch Logs'
complete -c gearctl -n "__fish_gearctl_using_subcommand help; and not __fish_seen_subcommand_from audit coldstarts doctor help" -f -a "doctor" -d 'Show who and where gearctl runs as, check access, and list the IAM actions each command needs'
complete -c gearctl -n "__fish_gearctl_using_subcommand help; and not __fish_seen_subcommand_from audit coldstarts doctor help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c gearctl -n "__fish_gearctl_using_subcommand help; and __fish_seen_subcommand_from audit" -f -a "deployed" -d 'Audit the deployed functions: code size, layers, versions and the storage they hold; prune old versions'
