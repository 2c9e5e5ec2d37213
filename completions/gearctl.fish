# Print an optspec for argparse to handle cmd's options that are independent of any subcommand.
function __fish_gearctl_global_optspecs
    string join \n profile= region= all-regions endpoint-url= max-attempts= o/output= color= q/quiet v/verbose h/help V/version
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
complete -c gearctl -n "__fish_gearctl_needs_command" -l region -d 'AWS region, e.g. eu-west-1 [env: AWS_REGION]; `audit deployed`, `dlq list`, `coldstarts` and `doctor` take a comma list: us-east-1,eu-west-1' -r
complete -c gearctl -n "__fish_gearctl_needs_command" -l endpoint-url -d 'Send every AWS call to this URL, e.g. a local emulator [env: AWS_ENDPOINT_URL]' -r
complete -c gearctl -n "__fish_gearctl_needs_command" -l max-attempts -d 'Attempts per AWS call, throttling retries included (adaptive retry mode)' -r
complete -c gearctl -n "__fish_gearctl_needs_command" -s o -l output -d 'Output format of the result on stdout' -r -f -a "table\t'A human-readable table'
json\t'A versioned JSON document (see README, "JSON output")'
yaml\t'The same document as YAML'
csv\t'One row per item (package, function…), raw numbers; not every command has it'
sarif\t'A SARIF 2.1.0 log for code scanning (audit, audit deployed, iam check)'"
complete -c gearctl -n "__fish_gearctl_needs_command" -l color -d 'When to use colors (NO_COLOR is honoured in auto)' -r -f -a "auto\t''
always\t''
never\t''"
complete -c gearctl -n "__fish_gearctl_needs_command" -l all-regions -d 'Every region the account has enabled (account:ListRegions); for `audit deployed`, `dlq list`, `coldstarts` and `doctor`'
complete -c gearctl -n "__fish_gearctl_needs_command" -s q -l quiet -d 'No progress bars or warnings on stderr; errors are still printed'
complete -c gearctl -n "__fish_gearctl_needs_command" -s v -l verbose -d 'Log what gearctl does on stderr (-v info, -vv debug, -vvv SDK debug)'
complete -c gearctl -n "__fish_gearctl_needs_command" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c gearctl -n "__fish_gearctl_needs_command" -s V -l version -d 'Print version'
complete -c gearctl -n "__fish_gearctl_needs_command" -f -a "audit" -d 'Audit Lambda package sizes: local zips and service directories (offline), or `audit deployed` for what is in the account'
complete -c gearctl -n "__fish_gearctl_needs_command" -f -a "iam" -d 'Least-privilege IAM policies per function, from serverless.yml and the handler code; and what deployed roles grant beyond them'
complete -c gearctl -n "__fish_gearctl_needs_command" -f -a "dlq" -d 'Dead-letter queues: find them, look inside, export, import, and redrive without losing a message'
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
complete -c gearctl -n "__fish_gearctl_using_subcommand audit; and not __fish_seen_subcommand_from deployed help" -l region -d 'AWS region, e.g. eu-west-1 [env: AWS_REGION]; `audit deployed`, `dlq list`, `coldstarts` and `doctor` take a comma list: us-east-1,eu-west-1' -r
complete -c gearctl -n "__fish_gearctl_using_subcommand audit; and not __fish_seen_subcommand_from deployed help" -l endpoint-url -d 'Send every AWS call to this URL, e.g. a local emulator [env: AWS_ENDPOINT_URL]' -r
complete -c gearctl -n "__fish_gearctl_using_subcommand audit; and not __fish_seen_subcommand_from deployed help" -l max-attempts -d 'Attempts per AWS call, throttling retries included (adaptive retry mode)' -r
complete -c gearctl -n "__fish_gearctl_using_subcommand audit; and not __fish_seen_subcommand_from deployed help" -s o -l output -d 'Output format of the result on stdout' -r -f -a "table\t'A human-readable table'
json\t'A versioned JSON document (see README, "JSON output")'
yaml\t'The same document as YAML'
csv\t'One row per item (package, function…), raw numbers; not every command has it'
sarif\t'A SARIF 2.1.0 log for code scanning (audit, audit deployed, iam check)'"
complete -c gearctl -n "__fish_gearctl_using_subcommand audit; and not __fish_seen_subcommand_from deployed help" -l color -d 'When to use colors (NO_COLOR is honoured in auto)' -r -f -a "auto\t''
always\t''
never\t''"
complete -c gearctl -n "__fish_gearctl_using_subcommand audit; and not __fish_seen_subcommand_from deployed help" -l deep -d 'Also read file contents: duplicate files, and the zipped size of source trees'
complete -c gearctl -n "__fish_gearctl_using_subcommand audit; and not __fish_seen_subcommand_from deployed help" -l all-regions -d 'Every region the account has enabled (account:ListRegions); for `audit deployed`, `dlq list`, `coldstarts` and `doctor`'
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
complete -c gearctl -n "__fish_gearctl_using_subcommand audit; and __fish_seen_subcommand_from deployed" -l region -d 'AWS region, e.g. eu-west-1 [env: AWS_REGION]; `audit deployed`, `dlq list`, `coldstarts` and `doctor` take a comma list: us-east-1,eu-west-1' -r
complete -c gearctl -n "__fish_gearctl_using_subcommand audit; and __fish_seen_subcommand_from deployed" -l endpoint-url -d 'Send every AWS call to this URL, e.g. a local emulator [env: AWS_ENDPOINT_URL]' -r
complete -c gearctl -n "__fish_gearctl_using_subcommand audit; and __fish_seen_subcommand_from deployed" -l max-attempts -d 'Attempts per AWS call, throttling retries included (adaptive retry mode)' -r
complete -c gearctl -n "__fish_gearctl_using_subcommand audit; and __fish_seen_subcommand_from deployed" -s o -l output -d 'Output format of the result on stdout' -r -f -a "table\t'A human-readable table'
json\t'A versioned JSON document (see README, "JSON output")'
yaml\t'The same document as YAML'
csv\t'One row per item (package, function…), raw numbers; not every command has it'
sarif\t'A SARIF 2.1.0 log for code scanning (audit, audit deployed, iam check)'"
complete -c gearctl -n "__fish_gearctl_using_subcommand audit; and __fish_seen_subcommand_from deployed" -l color -d 'When to use colors (NO_COLOR is honoured in auto)' -r -f -a "auto\t''
always\t''
never\t''"
complete -c gearctl -n "__fish_gearctl_using_subcommand audit; and __fish_seen_subcommand_from deployed" -l prune -d 'Delete the prunable versions (requires an explicit --keep)'
complete -c gearctl -n "__fish_gearctl_using_subcommand audit; and __fish_seen_subcommand_from deployed" -l dry-run -d 'With --prune: show what would be deleted, delete nothing'
complete -c gearctl -n "__fish_gearctl_using_subcommand audit; and __fish_seen_subcommand_from deployed" -s y -l yes -d 'With --prune: do not ask for confirmation'
complete -c gearctl -n "__fish_gearctl_using_subcommand audit; and __fish_seen_subcommand_from deployed" -l deep -d 'Download each package (GetFunction) and audit its content like a local zip: unzipped size, contributors, bloat rules, duplicates'
complete -c gearctl -n "__fish_gearctl_using_subcommand audit; and __fish_seen_subcommand_from deployed" -l all-regions -d 'Every region the account has enabled (account:ListRegions); for `audit deployed`, `dlq list`, `coldstarts` and `doctor`'
complete -c gearctl -n "__fish_gearctl_using_subcommand audit; and __fish_seen_subcommand_from deployed" -s q -l quiet -d 'No progress bars or warnings on stderr; errors are still printed'
complete -c gearctl -n "__fish_gearctl_using_subcommand audit; and __fish_seen_subcommand_from deployed" -s v -l verbose -d 'Log what gearctl does on stderr (-v info, -vv debug, -vvv SDK debug)'
complete -c gearctl -n "__fish_gearctl_using_subcommand audit; and __fish_seen_subcommand_from deployed" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c gearctl -n "__fish_gearctl_using_subcommand audit; and __fish_seen_subcommand_from deployed" -s V -l version -d 'Print version'
complete -c gearctl -n "__fish_gearctl_using_subcommand audit; and __fish_seen_subcommand_from help" -f -a "deployed" -d 'Audit the deployed functions: code size, layers, versions and the storage they hold; prune old versions'
complete -c gearctl -n "__fish_gearctl_using_subcommand audit; and __fish_seen_subcommand_from help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c gearctl -n "__fish_gearctl_using_subcommand iam; and not __fish_seen_subcommand_from generate diff check help" -l profile -d 'Named profile from ~/.aws/config (SSO and assume-role profiles work) [env: AWS_PROFILE]' -r
complete -c gearctl -n "__fish_gearctl_using_subcommand iam; and not __fish_seen_subcommand_from generate diff check help" -l region -d 'AWS region, e.g. eu-west-1 [env: AWS_REGION]; `audit deployed`, `dlq list`, `coldstarts` and `doctor` take a comma list: us-east-1,eu-west-1' -r
complete -c gearctl -n "__fish_gearctl_using_subcommand iam; and not __fish_seen_subcommand_from generate diff check help" -l endpoint-url -d 'Send every AWS call to this URL, e.g. a local emulator [env: AWS_ENDPOINT_URL]' -r
complete -c gearctl -n "__fish_gearctl_using_subcommand iam; and not __fish_seen_subcommand_from generate diff check help" -l max-attempts -d 'Attempts per AWS call, throttling retries included (adaptive retry mode)' -r
complete -c gearctl -n "__fish_gearctl_using_subcommand iam; and not __fish_seen_subcommand_from generate diff check help" -s o -l output -d 'Output format of the result on stdout' -r -f -a "table\t'A human-readable table'
json\t'A versioned JSON document (see README, "JSON output")'
yaml\t'The same document as YAML'
csv\t'One row per item (package, function…), raw numbers; not every command has it'
sarif\t'A SARIF 2.1.0 log for code scanning (audit, audit deployed, iam check)'"
complete -c gearctl -n "__fish_gearctl_using_subcommand iam; and not __fish_seen_subcommand_from generate diff check help" -l color -d 'When to use colors (NO_COLOR is honoured in auto)' -r -f -a "auto\t''
always\t''
never\t''"
complete -c gearctl -n "__fish_gearctl_using_subcommand iam; and not __fish_seen_subcommand_from generate diff check help" -l all-regions -d 'Every region the account has enabled (account:ListRegions); for `audit deployed`, `dlq list`, `coldstarts` and `doctor`'
complete -c gearctl -n "__fish_gearctl_using_subcommand iam; and not __fish_seen_subcommand_from generate diff check help" -s q -l quiet -d 'No progress bars or warnings on stderr; errors are still printed'
complete -c gearctl -n "__fish_gearctl_using_subcommand iam; and not __fish_seen_subcommand_from generate diff check help" -s v -l verbose -d 'Log what gearctl does on stderr (-v info, -vv debug, -vvv SDK debug)'
complete -c gearctl -n "__fish_gearctl_using_subcommand iam; and not __fish_seen_subcommand_from generate diff check help" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c gearctl -n "__fish_gearctl_using_subcommand iam; and not __fish_seen_subcommand_from generate diff check help" -s V -l version -d 'Print version'
complete -c gearctl -n "__fish_gearctl_using_subcommand iam; and not __fish_seen_subcommand_from generate diff check help" -f -a "generate" -d 'Generate one least-privilege policy per function (offline: no AWS call)'
complete -c gearctl -n "__fish_gearctl_using_subcommand iam; and not __fish_seen_subcommand_from generate diff check help" -f -a "diff" -d 'Compare deployed functions\' roles with what their code needs: excess and missing'
complete -c gearctl -n "__fish_gearctl_using_subcommand iam; and not __fish_seen_subcommand_from generate diff check help" -f -a "check" -d 'Check the roles serverless.yml declares against what the code needs (offline)'
complete -c gearctl -n "__fish_gearctl_using_subcommand iam; and not __fish_seen_subcommand_from generate diff check help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c gearctl -n "__fish_gearctl_using_subcommand iam; and __fish_seen_subcommand_from generate" -l function -d 'Only these functions (keys in serverless.yml or deployed names; repeatable)' -r
complete -c gearctl -n "__fish_gearctl_using_subcommand iam; and __fish_seen_subcommand_from generate" -l stage -d 'Stage used to resolve serverless.yml variables' -r
complete -c gearctl -n "__fish_gearctl_using_subcommand iam; and __fish_seen_subcommand_from generate" -l account -d 'Account ID in ARNs [default: ${AWS::AccountId}]' -r
complete -c gearctl -n "__fish_gearctl_using_subcommand iam; and __fish_seen_subcommand_from generate" -l format -d 'File format with --out-dir, or printed to stdout instead of the summary' -r -f -a "policy\t'One JSON policy document per function (<function>.json)'
serverless\t'Framework v4: functions.<fn>.iam.role.statements (serverless-iam.yml)'
plugin\t'serverless-iam-roles-per-function: functions.<fn>.iamRoleStatements (iam-roles-per-function.yml)'
terraform\t'Terraform aws_iam_policy_document data sources (iam.tf)'
cloudformation\t'CloudFormation AWS::IAM::Role resources, one per function (iam-roles.yml)'"
complete -c gearctl -n "__fish_gearctl_using_subcommand iam; and __fish_seen_subcommand_from generate" -l out-dir -d 'Write the files here' -r -F
complete -c gearctl -n "__fish_gearctl_using_subcommand iam; and __fish_seen_subcommand_from generate" -l profile -d 'Named profile from ~/.aws/config (SSO and assume-role profiles work) [env: AWS_PROFILE]' -r
complete -c gearctl -n "__fish_gearctl_using_subcommand iam; and __fish_seen_subcommand_from generate" -l region -d 'AWS region, e.g. eu-west-1 [env: AWS_REGION]; `audit deployed`, `dlq list`, `coldstarts` and `doctor` take a comma list: us-east-1,eu-west-1' -r
complete -c gearctl -n "__fish_gearctl_using_subcommand iam; and __fish_seen_subcommand_from generate" -l endpoint-url -d 'Send every AWS call to this URL, e.g. a local emulator [env: AWS_ENDPOINT_URL]' -r
complete -c gearctl -n "__fish_gearctl_using_subcommand iam; and __fish_seen_subcommand_from generate" -l max-attempts -d 'Attempts per AWS call, throttling retries included (adaptive retry mode)' -r
complete -c gearctl -n "__fish_gearctl_using_subcommand iam; and __fish_seen_subcommand_from generate" -s o -l output -d 'Output format of the result on stdout' -r -f -a "table\t'A human-readable table'
json\t'A versioned JSON document (see README, "JSON output")'
yaml\t'The same document as YAML'
csv\t'One row per item (package, function…), raw numbers; not every command has it'
sarif\t'A SARIF 2.1.0 log for code scanning (audit, audit deployed, iam check)'"
complete -c gearctl -n "__fish_gearctl_using_subcommand iam; and __fish_seen_subcommand_from generate" -l color -d 'When to use colors (NO_COLOR is honoured in auto)' -r -f -a "auto\t''
always\t''
never\t''"
complete -c gearctl -n "__fish_gearctl_using_subcommand iam; and __fish_seen_subcommand_from generate" -l check -d 'Compare fresh output with the files in --out-dir; exit 1 with a diff when stale'
complete -c gearctl -n "__fish_gearctl_using_subcommand iam; and __fish_seen_subcommand_from generate" -l explain -d 'Show, for every action, the line of code or serverless.yml key that needs it'
complete -c gearctl -n "__fish_gearctl_using_subcommand iam; and __fish_seen_subcommand_from generate" -l all-regions -d 'Every region the account has enabled (account:ListRegions); for `audit deployed`, `dlq list`, `coldstarts` and `doctor`'
complete -c gearctl -n "__fish_gearctl_using_subcommand iam; and __fish_seen_subcommand_from generate" -s q -l quiet -d 'No progress bars or warnings on stderr; errors are still printed'
complete -c gearctl -n "__fish_gearctl_using_subcommand iam; and __fish_seen_subcommand_from generate" -s v -l verbose -d 'Log what gearctl does on stderr (-v info, -vv debug, -vvv SDK debug)'
complete -c gearctl -n "__fish_gearctl_using_subcommand iam; and __fish_seen_subcommand_from generate" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c gearctl -n "__fish_gearctl_using_subcommand iam; and __fish_seen_subcommand_from generate" -s V -l version -d 'Print version'
complete -c gearctl -n "__fish_gearctl_using_subcommand iam; and __fish_seen_subcommand_from diff" -l dir -d 'Service directory (with serverless.yml)' -r -F
complete -c gearctl -n "__fish_gearctl_using_subcommand iam; and __fish_seen_subcommand_from diff" -l stage -d 'Stage used to resolve serverless.yml variables' -r
complete -c gearctl -n "__fish_gearctl_using_subcommand iam; and __fish_seen_subcommand_from diff" -l profile -d 'Named profile from ~/.aws/config (SSO and assume-role profiles work) [env: AWS_PROFILE]' -r
complete -c gearctl -n "__fish_gearctl_using_subcommand iam; and __fish_seen_subcommand_from diff" -l region -d 'AWS region, e.g. eu-west-1 [env: AWS_REGION]; `audit deployed`, `dlq list`, `coldstarts` and `doctor` take a comma list: us-east-1,eu-west-1' -r
complete -c gearctl -n "__fish_gearctl_using_subcommand iam; and __fish_seen_subcommand_from diff" -l endpoint-url -d 'Send every AWS call to this URL, e.g. a local emulator [env: AWS_ENDPOINT_URL]' -r
complete -c gearctl -n "__fish_gearctl_using_subcommand iam; and __fish_seen_subcommand_from diff" -l max-attempts -d 'Attempts per AWS call, throttling retries included (adaptive retry mode)' -r
complete -c gearctl -n "__fish_gearctl_using_subcommand iam; and __fish_seen_subcommand_from diff" -s o -l output -d 'Output format of the result on stdout' -r -f -a "table\t'A human-readable table'
json\t'A versioned JSON document (see README, "JSON output")'
yaml\t'The same document as YAML'
csv\t'One row per item (package, function…), raw numbers; not every command has it'
sarif\t'A SARIF 2.1.0 log for code scanning (audit, audit deployed, iam check)'"
complete -c gearctl -n "__fish_gearctl_using_subcommand iam; and __fish_seen_subcommand_from diff" -l color -d 'When to use colors (NO_COLOR is honoured in auto)' -r -f -a "auto\t''
always\t''
never\t''"
complete -c gearctl -n "__fish_gearctl_using_subcommand iam; and __fish_seen_subcommand_from diff" -l all-regions -d 'Every region the account has enabled (account:ListRegions); for `audit deployed`, `dlq list`, `coldstarts` and `doctor`'
complete -c gearctl -n "__fish_gearctl_using_subcommand iam; and __fish_seen_subcommand_from diff" -s q -l quiet -d 'No progress bars or warnings on stderr; errors are still printed'
complete -c gearctl -n "__fish_gearctl_using_subcommand iam; and __fish_seen_subcommand_from diff" -s v -l verbose -d 'Log what gearctl does on stderr (-v info, -vv debug, -vvv SDK debug)'
complete -c gearctl -n "__fish_gearctl_using_subcommand iam; and __fish_seen_subcommand_from diff" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c gearctl -n "__fish_gearctl_using_subcommand iam; and __fish_seen_subcommand_from diff" -s V -l version -d 'Print version'
complete -c gearctl -n "__fish_gearctl_using_subcommand iam; and __fish_seen_subcommand_from check" -l function -d 'Only these functions (keys in serverless.yml or deployed names; repeatable)' -r
complete -c gearctl -n "__fish_gearctl_using_subcommand iam; and __fish_seen_subcommand_from check" -l stage -d 'Stage used to resolve serverless.yml variables' -r
complete -c gearctl -n "__fish_gearctl_using_subcommand iam; and __fish_seen_subcommand_from check" -l account -d 'Account ID in ARNs [default: ${AWS::AccountId}]' -r
complete -c gearctl -n "__fish_gearctl_using_subcommand iam; and __fish_seen_subcommand_from check" -l profile -d 'Named profile from ~/.aws/config (SSO and assume-role profiles work) [env: AWS_PROFILE]' -r
complete -c gearctl -n "__fish_gearctl_using_subcommand iam; and __fish_seen_subcommand_from check" -l region -d 'AWS region, e.g. eu-west-1 [env: AWS_REGION]; `audit deployed`, `dlq list`, `coldstarts` and `doctor` take a comma list: us-east-1,eu-west-1' -r
complete -c gearctl -n "__fish_gearctl_using_subcommand iam; and __fish_seen_subcommand_from check" -l endpoint-url -d 'Send every AWS call to this URL, e.g. a local emulator [env: AWS_ENDPOINT_URL]' -r
complete -c gearctl -n "__fish_gearctl_using_subcommand iam; and __fish_seen_subcommand_from check" -l max-attempts -d 'Attempts per AWS call, throttling retries included (adaptive retry mode)' -r
complete -c gearctl -n "__fish_gearctl_using_subcommand iam; and __fish_seen_subcommand_from check" -s o -l output -d 'Output format of the result on stdout' -r -f -a "table\t'A human-readable table'
json\t'A versioned JSON document (see README, "JSON output")'
yaml\t'The same document as YAML'
csv\t'One row per item (package, function…), raw numbers; not every command has it'
sarif\t'A SARIF 2.1.0 log for code scanning (audit, audit deployed, iam check)'"
complete -c gearctl -n "__fish_gearctl_using_subcommand iam; and __fish_seen_subcommand_from check" -l color -d 'When to use colors (NO_COLOR is honoured in auto)' -r -f -a "auto\t''
always\t''
never\t''"
complete -c gearctl -n "__fish_gearctl_using_subcommand iam; and __fish_seen_subcommand_from check" -l all-regions -d 'Every region the account has enabled (account:ListRegions); for `audit deployed`, `dlq list`, `coldstarts` and `doctor`'
complete -c gearctl -n "__fish_gearctl_using_subcommand iam; and __fish_seen_subcommand_from check" -s q -l quiet -d 'No progress bars or warnings on stderr; errors are still printed'
complete -c gearctl -n "__fish_gearctl_using_subcommand iam; and __fish_seen_subcommand_from check" -s v -l verbose -d 'Log what gearctl does on stderr (-v info, -vv debug, -vvv SDK debug)'
complete -c gearctl -n "__fish_gearctl_using_subcommand iam; and __fish_seen_subcommand_from check" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c gearctl -n "__fish_gearctl_using_subcommand iam; and __fish_seen_subcommand_from check" -s V -l version -d 'Print version'
complete -c gearctl -n "__fish_gearctl_using_subcommand iam; and __fish_seen_subcommand_from help" -f -a "generate" -d 'Generate one least-privilege policy per function (offline: no AWS call)'
complete -c gearctl -n "__fish_gearctl_using_subcommand iam; and __fish_seen_subcommand_from help" -f -a "diff" -d 'Compare deployed functions\' roles with what their code needs: excess and missing'
complete -c gearctl -n "__fish_gearctl_using_subcommand iam; and __fish_seen_subcommand_from help" -f -a "check" -d 'Check the roles serverless.yml declares against what the code needs (offline)'
complete -c gearctl -n "__fish_gearctl_using_subcommand iam; and __fish_seen_subcommand_from help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c gearctl -n "__fish_gearctl_using_subcommand dlq; and not __fish_seen_subcommand_from list peek export import redrive help" -l profile -d 'Named profile from ~/.aws/config (SSO and assume-role profiles work) [env: AWS_PROFILE]' -r
complete -c gearctl -n "__fish_gearctl_using_subcommand dlq; and not __fish_seen_subcommand_from list peek export import redrive help" -l region -d 'AWS region, e.g. eu-west-1 [env: AWS_REGION]; `audit deployed`, `dlq list`, `coldstarts` and `doctor` take a comma list: us-east-1,eu-west-1' -r
complete -c gearctl -n "__fish_gearctl_using_subcommand dlq; and not __fish_seen_subcommand_from list peek export import redrive help" -l endpoint-url -d 'Send every AWS call to this URL, e.g. a local emulator [env: AWS_ENDPOINT_URL]' -r
complete -c gearctl -n "__fish_gearctl_using_subcommand dlq; and not __fish_seen_subcommand_from list peek export import redrive help" -l max-attempts -d 'Attempts per AWS call, throttling retries included (adaptive retry mode)' -r
complete -c gearctl -n "__fish_gearctl_using_subcommand dlq; and not __fish_seen_subcommand_from list peek export import redrive help" -s o -l output -d 'Output format of the result on stdout' -r -f -a "table\t'A human-readable table'
json\t'A versioned JSON document (see README, "JSON output")'
yaml\t'The same document as YAML'
csv\t'One row per item (package, function…), raw numbers; not every command has it'
sarif\t'A SARIF 2.1.0 log for code scanning (audit, audit deployed, iam check)'"
complete -c gearctl -n "__fish_gearctl_using_subcommand dlq; and not __fish_seen_subcommand_from list peek export import redrive help" -l color -d 'When to use colors (NO_COLOR is honoured in auto)' -r -f -a "auto\t''
always\t''
never\t''"
complete -c gearctl -n "__fish_gearctl_using_subcommand dlq; and not __fish_seen_subcommand_from list peek export import redrive help" -l all-regions -d 'Every region the account has enabled (account:ListRegions); for `audit deployed`, `dlq list`, `coldstarts` and `doctor`'
complete -c gearctl -n "__fish_gearctl_using_subcommand dlq; and not __fish_seen_subcommand_from list peek export import redrive help" -s q -l quiet -d 'No progress bars or warnings on stderr; errors are still printed'
complete -c gearctl -n "__fish_gearctl_using_subcommand dlq; and not __fish_seen_subcommand_from list peek export import redrive help" -s v -l verbose -d 'Log what gearctl does on stderr (-v info, -vv debug, -vvv SDK debug)'
complete -c gearctl -n "__fish_gearctl_using_subcommand dlq; and not __fish_seen_subcommand_from list peek export import redrive help" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c gearctl -n "__fish_gearctl_using_subcommand dlq; and not __fish_seen_subcommand_from list peek export import redrive help" -s V -l version -d 'Print version'
complete -c gearctl -n "__fish_gearctl_using_subcommand dlq; and not __fish_seen_subcommand_from list peek export import redrive help" -f -a "list" -d 'Find the DLQs in the region (queue redrive policies, Lambda DLQs and on-failure destinations) with their depth and sources'
complete -c gearctl -n "__fish_gearctl_using_subcommand dlq; and not __fish_seen_subcommand_from list peek export import redrive help" -f -a "peek" -d 'Show messages without consuming them; they are visible again right after'
complete -c gearctl -n "__fish_gearctl_using_subcommand dlq; and not __fish_seen_subcommand_from list peek export import redrive help" -f -a "export" -d 'Write messages to a JSONL file; with --delete, drain the queue into it'
complete -c gearctl -n "__fish_gearctl_using_subcommand dlq; and not __fish_seen_subcommand_from list peek export import redrive help" -f -a "import" -d 'Send the messages of a JSONL file (from `dlq export`) to a queue'
complete -c gearctl -n "__fish_gearctl_using_subcommand dlq; and not __fish_seen_subcommand_from list peek export import redrive help" -f -a "redrive" -d 'Move messages back to their source queue, to another queue, or re-invoke the function'
complete -c gearctl -n "__fish_gearctl_using_subcommand dlq; and not __fish_seen_subcommand_from list peek export import redrive help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c gearctl -n "__fish_gearctl_using_subcommand dlq; and __fish_seen_subcommand_from list" -l prefix -d 'Only queues whose name starts with PREFIX' -r
complete -c gearctl -n "__fish_gearctl_using_subcommand dlq; and __fish_seen_subcommand_from list" -l profile -d 'Named profile from ~/.aws/config (SSO and assume-role profiles work) [env: AWS_PROFILE]' -r
complete -c gearctl -n "__fish_gearctl_using_subcommand dlq; and __fish_seen_subcommand_from list" -l region -d 'AWS region, e.g. eu-west-1 [env: AWS_REGION]; `audit deployed`, `dlq list`, `coldstarts` and `doctor` take a comma list: us-east-1,eu-west-1' -r
complete -c gearctl -n "__fish_gearctl_using_subcommand dlq; and __fish_seen_subcommand_from list" -l endpoint-url -d 'Send every AWS call to this URL, e.g. a local emulator [env: AWS_ENDPOINT_URL]' -r
complete -c gearctl -n "__fish_gearctl_using_subcommand dlq; and __fish_seen_subcommand_from list" -l max-attempts -d 'Attempts per AWS call, throttling retries included (adaptive retry mode)' -r
complete -c gearctl -n "__fish_gearctl_using_subcommand dlq; and __fish_seen_subcommand_from list" -s o -l output -d 'Output format of the result on stdout' -r -f -a "table\t'A human-readable table'
json\t'A versioned JSON document (see README, "JSON output")'
yaml\t'The same document as YAML'
csv\t'One row per item (package, function…), raw numbers; not every command has it'
sarif\t'A SARIF 2.1.0 log for code scanning (audit, audit deployed, iam check)'"
complete -c gearctl -n "__fish_gearctl_using_subcommand dlq; and __fish_seen_subcommand_from list" -l color -d 'When to use colors (NO_COLOR is honoured in auto)' -r -f -a "auto\t''
always\t''
never\t''"
complete -c gearctl -n "__fish_gearctl_using_subcommand dlq; and __fish_seen_subcommand_from list" -l all-regions -d 'Every region the account has enabled (account:ListRegions); for `audit deployed`, `dlq list`, `coldstarts` and `doctor`'
complete -c gearctl -n "__fish_gearctl_using_subcommand dlq; and __fish_seen_subcommand_from list" -s q -l quiet -d 'No progress bars or warnings on stderr; errors are still printed'
complete -c gearctl -n "__fish_gearctl_using_subcommand dlq; and __fish_seen_subcommand_from list" -s v -l verbose -d 'Log what gearctl does on stderr (-v info, -vv debug, -vvv SDK debug)'
complete -c gearctl -n "__fish_gearctl_using_subcommand dlq; and __fish_seen_subcommand_from list" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c gearctl -n "__fish_gearctl_using_subcommand dlq; and __fish_seen_subcommand_from list" -s V -l version -d 'Print version'
complete -c gearctl -n "__fish_gearctl_using_subcommand dlq; and __fish_seen_subcommand_from peek" -s n -l count -d 'How many messages to show' -r
complete -c gearctl -n "__fish_gearctl_using_subcommand dlq; and __fish_seen_subcommand_from peek" -l filter -d 'Only messages that match (repeatable; see `dlq redrive --help`)' -r
complete -c gearctl -n "__fish_gearctl_using_subcommand dlq; and __fish_seen_subcommand_from peek" -l profile -d 'Named profile from ~/.aws/config (SSO and assume-role profiles work) [env: AWS_PROFILE]' -r
complete -c gearctl -n "__fish_gearctl_using_subcommand dlq; and __fish_seen_subcommand_from peek" -l region -d 'AWS region, e.g. eu-west-1 [env: AWS_REGION]; `audit deployed`, `dlq list`, `coldstarts` and `doctor` take a comma list: us-east-1,eu-west-1' -r
complete -c gearctl -n "__fish_gearctl_using_subcommand dlq; and __fish_seen_subcommand_from peek" -l endpoint-url -d 'Send every AWS call to this URL, e.g. a local emulator [env: AWS_ENDPOINT_URL]' -r
complete -c gearctl -n "__fish_gearctl_using_subcommand dlq; and __fish_seen_subcommand_from peek" -l max-attempts -d 'Attempts per AWS call, throttling retries included (adaptive retry mode)' -r
complete -c gearctl -n "__fish_gearctl_using_subcommand dlq; and __fish_seen_subcommand_from peek" -s o -l output -d 'Output format of the result on stdout' -r -f -a "table\t'A human-readable table'
json\t'A versioned JSON document (see README, "JSON output")'
yaml\t'The same document as YAML'
csv\t'One row per item (package, function…), raw numbers; not every command has it'
sarif\t'A SARIF 2.1.0 log for code scanning (audit, audit deployed, iam check)'"
complete -c gearctl -n "__fish_gearctl_using_subcommand dlq; and __fish_seen_subcommand_from peek" -l color -d 'When to use colors (NO_COLOR is honoured in auto)' -r -f -a "auto\t''
always\t''
never\t''"
complete -c gearctl -n "__fish_gearctl_using_subcommand dlq; and __fish_seen_subcommand_from peek" -l all-regions -d 'Every region the account has enabled (account:ListRegions); for `audit deployed`, `dlq list`, `coldstarts` and `doctor`'
complete -c gearctl -n "__fish_gearctl_using_subcommand dlq; and __fish_seen_subcommand_from peek" -s q -l quiet -d 'No progress bars or warnings on stderr; errors are still printed'
complete -c gearctl -n "__fish_gearctl_using_subcommand dlq; and __fish_seen_subcommand_from peek" -s v -l verbose -d 'Log what gearctl does on stderr (-v info, -vv debug, -vvv SDK debug)'
complete -c gearctl -n "__fish_gearctl_using_subcommand dlq; and __fish_seen_subcommand_from peek" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c gearctl -n "__fish_gearctl_using_subcommand dlq; and __fish_seen_subcommand_from peek" -s V -l version -d 'Print version'
complete -c gearctl -n "__fish_gearctl_using_subcommand dlq; and __fish_seen_subcommand_from export" -l to -d 'The JSONL file to write' -r -F
complete -c gearctl -n "__fish_gearctl_using_subcommand dlq; and __fish_seen_subcommand_from export" -l max -d 'Stop after N messages' -r
complete -c gearctl -n "__fish_gearctl_using_subcommand dlq; and __fish_seen_subcommand_from export" -l filter -d 'Only messages that match (repeatable)' -r
complete -c gearctl -n "__fish_gearctl_using_subcommand dlq; and __fish_seen_subcommand_from export" -l visibility-timeout -d 'Seconds messages stay hidden while exported without --delete' -r
complete -c gearctl -n "__fish_gearctl_using_subcommand dlq; and __fish_seen_subcommand_from export" -l profile -d 'Named profile from ~/.aws/config (SSO and assume-role profiles work) [env: AWS_PROFILE]' -r
complete -c gearctl -n "__fish_gearctl_using_subcommand dlq; and __fish_seen_subcommand_from export" -l region -d 'AWS region, e.g. eu-west-1 [env: AWS_REGION]; `audit deployed`, `dlq list`, `coldstarts` and `doctor` take a comma list: us-east-1,eu-west-1' -r
complete -c gearctl -n "__fish_gearctl_using_subcommand dlq; and __fish_seen_subcommand_from export" -l endpoint-url -d 'Send every AWS call to this URL, e.g. a local emulator [env: AWS_ENDPOINT_URL]' -r
complete -c gearctl -n "__fish_gearctl_using_subcommand dlq; and __fish_seen_subcommand_from export" -l max-attempts -d 'Attempts per AWS call, throttling retries included (adaptive retry mode)' -r
complete -c gearctl -n "__fish_gearctl_using_subcommand dlq; and __fish_seen_subcommand_from export" -s o -l output -d 'Output format of the result on stdout' -r -f -a "table\t'A human-readable table'
json\t'A versioned JSON document (see README, "JSON output")'
yaml\t'The same document as YAML'
csv\t'One row per item (package, function…), raw numbers; not every command has it'
sarif\t'A SARIF 2.1.0 log for code scanning (audit, audit deployed, iam check)'"
complete -c gearctl -n "__fish_gearctl_using_subcommand dlq; and __fish_seen_subcommand_from export" -l color -d 'When to use colors (NO_COLOR is honoured in auto)' -r -f -a "auto\t''
always\t''
never\t''"
complete -c gearctl -n "__fish_gearctl_using_subcommand dlq; and __fish_seen_subcommand_from export" -l delete -d 'Delete each message once its line is written and fsynced'
complete -c gearctl -n "__fish_gearctl_using_subcommand dlq; and __fish_seen_subcommand_from export" -l append -d 'Add to FILE when it already has lines'
complete -c gearctl -n "__fish_gearctl_using_subcommand dlq; and __fish_seen_subcommand_from export" -s y -l yes -d 'With --delete: do not ask for confirmation'
complete -c gearctl -n "__fish_gearctl_using_subcommand dlq; and __fish_seen_subcommand_from export" -l all-regions -d 'Every region the account has enabled (account:ListRegions); for `audit deployed`, `dlq list`, `coldstarts` and `doctor`'
complete -c gearctl -n "__fish_gearctl_using_subcommand dlq; and __fish_seen_subcommand_from export" -s q -l quiet -d 'No progress bars or warnings on stderr; errors are still printed'
complete -c gearctl -n "__fish_gearctl_using_subcommand dlq; and __fish_seen_subcommand_from export" -s v -l verbose -d 'Log what gearctl does on stderr (-v info, -vv debug, -vvv SDK debug)'
complete -c gearctl -n "__fish_gearctl_using_subcommand dlq; and __fish_seen_subcommand_from export" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c gearctl -n "__fish_gearctl_using_subcommand dlq; and __fish_seen_subcommand_from export" -s V -l version -d 'Print version'
complete -c gearctl -n "__fish_gearctl_using_subcommand dlq; and __fish_seen_subcommand_from import" -l to -d 'Queue name, URL or ARN to send to' -r
complete -c gearctl -n "__fish_gearctl_using_subcommand dlq; and __fish_seen_subcommand_from import" -l profile -d 'Named profile from ~/.aws/config (SSO and assume-role profiles work) [env: AWS_PROFILE]' -r
complete -c gearctl -n "__fish_gearctl_using_subcommand dlq; and __fish_seen_subcommand_from import" -l region -d 'AWS region, e.g. eu-west-1 [env: AWS_REGION]; `audit deployed`, `dlq list`, `coldstarts` and `doctor` take a comma list: us-east-1,eu-west-1' -r
complete -c gearctl -n "__fish_gearctl_using_subcommand dlq; and __fish_seen_subcommand_from import" -l endpoint-url -d 'Send every AWS call to this URL, e.g. a local emulator [env: AWS_ENDPOINT_URL]' -r
complete -c gearctl -n "__fish_gearctl_using_subcommand dlq; and __fish_seen_subcommand_from import" -l max-attempts -d 'Attempts per AWS call, throttling retries included (adaptive retry mode)' -r
complete -c gearctl -n "__fish_gearctl_using_subcommand dlq; and __fish_seen_subcommand_from import" -s o -l output -d 'Output format of the result on stdout' -r -f -a "table\t'A human-readable table'
json\t'A versioned JSON document (see README, "JSON output")'
yaml\t'The same document as YAML'
csv\t'One row per item (package, function…), raw numbers; not every command has it'
sarif\t'A SARIF 2.1.0 log for code scanning (audit, audit deployed, iam check)'"
complete -c gearctl -n "__fish_gearctl_using_subcommand dlq; and __fish_seen_subcommand_from import" -l color -d 'When to use colors (NO_COLOR is honoured in auto)' -r -f -a "auto\t''
always\t''
never\t''"
complete -c gearctl -n "__fish_gearctl_using_subcommand dlq; and __fish_seen_subcommand_from import" -l dry-run -d 'Read and check the file, send nothing'
complete -c gearctl -n "__fish_gearctl_using_subcommand dlq; and __fish_seen_subcommand_from import" -l all-regions -d 'Every region the account has enabled (account:ListRegions); for `audit deployed`, `dlq list`, `coldstarts` and `doctor`'
complete -c gearctl -n "__fish_gearctl_using_subcommand dlq; and __fish_seen_subcommand_from import" -s q -l quiet -d 'No progress bars or warnings on stderr; errors are still printed'
complete -c gearctl -n "__fish_gearctl_using_subcommand dlq; and __fish_seen_subcommand_from import" -s v -l verbose -d 'Log what gearctl does on stderr (-v info, -vv debug, -vvv SDK debug)'
complete -c gearctl -n "__fish_gearctl_using_subcommand dlq; and __fish_seen_subcommand_from import" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c gearctl -n "__fish_gearctl_using_subcommand dlq; and __fish_seen_subcommand_from import" -s V -l version -d 'Print version'
complete -c gearctl -n "__fish_gearctl_using_subcommand dlq; and __fish_seen_subcommand_from redrive" -l to -d 'Destination queue (name, URL or ARN) [default: the DLQ\'s source queue]' -r
complete -c gearctl -n "__fish_gearctl_using_subcommand dlq; and __fish_seen_subcommand_from redrive" -l to-profile -d 'Profile for the destination queue (another account)' -r
complete -c gearctl -n "__fish_gearctl_using_subcommand dlq; and __fish_seen_subcommand_from redrive" -l to-region -d 'Region of the destination queue [default: the region an ARN or URL names]' -r
complete -c gearctl -n "__fish_gearctl_using_subcommand dlq; and __fish_seen_subcommand_from redrive" -l function -d 'Re-invoke this function with each message (lambda engine)' -r
complete -c gearctl -n "__fish_gearctl_using_subcommand dlq; and __fish_seen_subcommand_from redrive" -l subscription -d 'For a DLQ that SNS subscriptions feed: the subscription (ARN) whose endpoint gets the messages' -r
complete -c gearctl -n "__fish_gearctl_using_subcommand dlq; and __fish_seen_subcommand_from redrive" -l engine -d 'How to move the messages' -r -f -a "auto\t'native where it fits, lambda for function DLQs, move otherwise'
native\t'SQS\'s own message move task (StartMessageMoveTask)'
move\t'receive, SendMessageBatch, DeleteMessageBatch, done by gearctl'
lambda\t're-invoke the function asynchronously with each failed event'
eventbridge\t'put EventBridge DLQ events back on their bus (PutEvents)'"
complete -c gearctl -n "__fish_gearctl_using_subcommand dlq; and __fish_seen_subcommand_from redrive" -l filter -d 'Only messages that match: body.PATH=VALUE, body.PATH~VALUE, body~TEXT, attr.NAME=VALUE, attr.NAME~VALUE (repeatable; all must match)' -r
complete -c gearctl -n "__fish_gearctl_using_subcommand dlq; and __fish_seen_subcommand_from redrive" -l max -d 'Stop after N messages' -r
complete -c gearctl -n "__fish_gearctl_using_subcommand dlq; and __fish_seen_subcommand_from redrive" -l rate -d 'At most N messages per second (e.g. 20 or 20/s)' -r
complete -c gearctl -n "__fish_gearctl_using_subcommand dlq; and __fish_seen_subcommand_from redrive" -l max-velocity -d 'Native engine: at most N messages per second (1–500)' -r
complete -c gearctl -n "__fish_gearctl_using_subcommand dlq; and __fish_seen_subcommand_from redrive" -l backup -d 'Append each message to this JSONL file (fsynced) before it is moved' -r -F
complete -c gearctl -n "__fish_gearctl_using_subcommand dlq; and __fish_seen_subcommand_from redrive" -l visibility-timeout -d 'Seconds a received message stays hidden (extended while it is being moved)' -r
complete -c gearctl -n "__fish_gearctl_using_subcommand dlq; and __fish_seen_subcommand_from redrive" -l profile -d 'Named profile from ~/.aws/config (SSO and assume-role profiles work) [env: AWS_PROFILE]' -r
complete -c gearctl -n "__fish_gearctl_using_subcommand dlq; and __fish_seen_subcommand_from redrive" -l region -d 'AWS region, e.g. eu-west-1 [env: AWS_REGION]; `audit deployed`, `dlq list`, `coldstarts` and `doctor` take a comma list: us-east-1,eu-west-1' -r
complete -c gearctl -n "__fish_gearctl_using_subcommand dlq; and __fish_seen_subcommand_from redrive" -l endpoint-url -d 'Send every AWS call to this URL, e.g. a local emulator [env: AWS_ENDPOINT_URL]' -r
complete -c gearctl -n "__fish_gearctl_using_subcommand dlq; and __fish_seen_subcommand_from redrive" -l max-attempts -d 'Attempts per AWS call, throttling retries included (adaptive retry mode)' -r
complete -c gearctl -n "__fish_gearctl_using_subcommand dlq; and __fish_seen_subcommand_from redrive" -s o -l output -d 'Output format of the result on stdout' -r -f -a "table\t'A human-readable table'
json\t'A versioned JSON document (see README, "JSON output")'
yaml\t'The same document as YAML'
csv\t'One row per item (package, function…), raw numbers; not every command has it'
sarif\t'A SARIF 2.1.0 log for code scanning (audit, audit deployed, iam check)'"
complete -c gearctl -n "__fish_gearctl_using_subcommand dlq; and __fish_seen_subcommand_from redrive" -l color -d 'When to use colors (NO_COLOR is honoured in auto)' -r -f -a "auto\t''
always\t''
never\t''"
complete -c gearctl -n "__fish_gearctl_using_subcommand dlq; and __fish_seen_subcommand_from redrive" -l dry-run -d 'Show what would be moved, move nothing'
complete -c gearctl -n "__fish_gearctl_using_subcommand dlq; and __fish_seen_subcommand_from redrive" -s y -l yes -d 'Do not ask for confirmation'
complete -c gearctl -n "__fish_gearctl_using_subcommand dlq; and __fish_seen_subcommand_from redrive" -l cancel -d 'Cancel the DLQ\'s running move task instead'
complete -c gearctl -n "__fish_gearctl_using_subcommand dlq; and __fish_seen_subcommand_from redrive" -l all-regions -d 'Every region the account has enabled (account:ListRegions); for `audit deployed`, `dlq list`, `coldstarts` and `doctor`'
complete -c gearctl -n "__fish_gearctl_using_subcommand dlq; and __fish_seen_subcommand_from redrive" -s q -l quiet -d 'No progress bars or warnings on stderr; errors are still printed'
complete -c gearctl -n "__fish_gearctl_using_subcommand dlq; and __fish_seen_subcommand_from redrive" -s v -l verbose -d 'Log what gearctl does on stderr (-v info, -vv debug, -vvv SDK debug)'
complete -c gearctl -n "__fish_gearctl_using_subcommand dlq; and __fish_seen_subcommand_from redrive" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c gearctl -n "__fish_gearctl_using_subcommand dlq; and __fish_seen_subcommand_from redrive" -s V -l version -d 'Print version'
complete -c gearctl -n "__fish_gearctl_using_subcommand dlq; and __fish_seen_subcommand_from help" -f -a "list" -d 'Find the DLQs in the region (queue redrive policies, Lambda DLQs and on-failure destinations) with their depth and sources'
complete -c gearctl -n "__fish_gearctl_using_subcommand dlq; and __fish_seen_subcommand_from help" -f -a "peek" -d 'Show messages without consuming them; they are visible again right after'
complete -c gearctl -n "__fish_gearctl_using_subcommand dlq; and __fish_seen_subcommand_from help" -f -a "export" -d 'Write messages to a JSONL file; with --delete, drain the queue into it'
complete -c gearctl -n "__fish_gearctl_using_subcommand dlq; and __fish_seen_subcommand_from help" -f -a "import" -d 'Send the messages of a JSONL file (from `dlq export`) to a queue'
complete -c gearctl -n "__fish_gearctl_using_subcommand dlq; and __fish_seen_subcommand_from help" -f -a "redrive" -d 'Move messages back to their source queue, to another queue, or re-invoke the function'
complete -c gearctl -n "__fish_gearctl_using_subcommand dlq; and __fish_seen_subcommand_from help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
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
complete -c gearctl -n "__fish_gearctl_using_subcommand coldstarts" -l region -d 'AWS region, e.g. eu-west-1 [env: AWS_REGION]; `audit deployed`, `dlq list`, `coldstarts` and `doctor` take a comma list: us-east-1,eu-west-1' -r
complete -c gearctl -n "__fish_gearctl_using_subcommand coldstarts" -l endpoint-url -d 'Send every AWS call to this URL, e.g. a local emulator [env: AWS_ENDPOINT_URL]' -r
complete -c gearctl -n "__fish_gearctl_using_subcommand coldstarts" -l max-attempts -d 'Attempts per AWS call, throttling retries included (adaptive retry mode)' -r
complete -c gearctl -n "__fish_gearctl_using_subcommand coldstarts" -s o -l output -d 'Output format of the result on stdout' -r -f -a "table\t'A human-readable table'
json\t'A versioned JSON document (see README, "JSON output")'
yaml\t'The same document as YAML'
csv\t'One row per item (package, function…), raw numbers; not every command has it'
sarif\t'A SARIF 2.1.0 log for code scanning (audit, audit deployed, iam check)'"
complete -c gearctl -n "__fish_gearctl_using_subcommand coldstarts" -l color -d 'When to use colors (NO_COLOR is honoured in auto)' -r -f -a "auto\t''
always\t''
never\t''"
complete -c gearctl -n "__fish_gearctl_using_subcommand coldstarts" -l all-regions -d 'Every region the account has enabled (account:ListRegions); for `audit deployed`, `dlq list`, `coldstarts` and `doctor`'
complete -c gearctl -n "__fish_gearctl_using_subcommand coldstarts" -s q -l quiet -d 'No progress bars or warnings on stderr; errors are still printed'
complete -c gearctl -n "__fish_gearctl_using_subcommand coldstarts" -s v -l verbose -d 'Log what gearctl does on stderr (-v info, -vv debug, -vvv SDK debug)'
complete -c gearctl -n "__fish_gearctl_using_subcommand coldstarts" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c gearctl -n "__fish_gearctl_using_subcommand coldstarts" -s V -l version -d 'Print version'
complete -c gearctl -n "__fish_gearctl_using_subcommand doctor" -l profile -d 'Named profile from ~/.aws/config (SSO and assume-role profiles work) [env: AWS_PROFILE]' -r
complete -c gearctl -n "__fish_gearctl_using_subcommand doctor" -l region -d 'AWS region, e.g. eu-west-1 [env: AWS_REGION]; `audit deployed`, `dlq list`, `coldstarts` and `doctor` take a comma list: us-east-1,eu-west-1' -r
complete -c gearctl -n "__fish_gearctl_using_subcommand doctor" -l endpoint-url -d 'Send every AWS call to this URL, e.g. a local emulator [env: AWS_ENDPOINT_URL]' -r
complete -c gearctl -n "__fish_gearctl_using_subcommand doctor" -l max-attempts -d 'Attempts per AWS call, throttling retries included (adaptive retry mode)' -r
complete -c gearctl -n "__fish_gearctl_using_subcommand doctor" -s o -l output -d 'Output format of the result on stdout' -r -f -a "table\t'A human-readable table'
json\t'A versioned JSON document (see README, "JSON output")'
yaml\t'The same document as YAML'
csv\t'One row per item (package, function…), raw numbers; not every command has it'
sarif\t'A SARIF 2.1.0 log for code scanning (audit, audit deployed, iam check)'"
complete -c gearctl -n "__fish_gearctl_using_subcommand doctor" -l color -d 'When to use colors (NO_COLOR is honoured in auto)' -r -f -a "auto\t''
always\t''
never\t''"
complete -c gearctl -n "__fish_gearctl_using_subcommand doctor" -l all-regions -d 'Every region the account has enabled (account:ListRegions); for `audit deployed`, `dlq list`, `coldstarts` and `doctor`'
complete -c gearctl -n "__fish_gearctl_using_subcommand doctor" -s q -l quiet -d 'No progress bars or warnings on stderr; errors are still printed'
complete -c gearctl -n "__fish_gearctl_using_subcommand doctor" -s v -l verbose -d 'Log what gearctl does on stderr (-v info, -vv debug, -vvv SDK debug)'
complete -c gearctl -n "__fish_gearctl_using_subcommand doctor" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c gearctl -n "__fish_gearctl_using_subcommand doctor" -s V -l version -d 'Print version'
complete -c gearctl -n "__fish_gearctl_using_subcommand help; and not __fish_seen_subcommand_from audit iam dlq coldstarts doctor help" -f -a "audit" -d 'Audit Lambda package sizes: local zips and service directories (offline), or `audit deployed` for what is in the account'
complete -c gearctl -n "__fish_gearctl_using_subcommand help; and not __fish_seen_subcommand_from audit iam dlq coldstarts doctor help" -f -a "iam" -d 'Least-privilege IAM policies per function, from serverless.yml and the handler code; and what deployed roles grant beyond them'
complete -c gearctl -n "__fish_gearctl_using_subcommand help; and not __fish_seen_subcommand_from audit iam dlq coldstarts doctor help" -f -a "dlq" -d 'Dead-letter queues: find them, look inside, export, import, and redrive without losing a message'
complete -c gearctl -n "__fish_gearctl_using_subcommand help; and not __fish_seen_subcommand_from audit iam dlq coldstarts doctor help" -f -a "coldstarts" -d 'Cold-start counts and init durations per function, from CloudWatch Logs'
complete -c gearctl -n "__fish_gearctl_using_subcommand help; and not __fish_seen_subcommand_from audit iam dlq coldstarts doctor help" -f -a "doctor" -d 'Show who and where gearctl runs as, check access, and list the IAM actions each command needs'
complete -c gearctl -n "__fish_gearctl_using_subcommand help; and not __fish_seen_subcommand_from audit iam dlq coldstarts doctor help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c gearctl -n "__fish_gearctl_using_subcommand help; and __fish_seen_subcommand_from audit" -f -a "deployed" -d 'Audit the deployed functions: code size, layers, versions and the storage they hold; prune old versions'
complete -c gearctl -n "__fish_gearctl_using_subcommand help; and __fish_seen_subcommand_from iam" -f -a "generate" -d 'Generate one least-privilege policy per function (offline: no AWS call)'
complete -c gearctl -n "__fish_gearctl_using_subcommand help; and __fish_seen_subcommand_from iam" -f -a "diff" -d 'Compare deployed functions\' roles with what their code needs: excess and missing'
complete -c gearctl -n "__fish_gearctl_using_subcommand help; and __fish_seen_subcommand_from iam" -f -a "check" -d 'Check the roles serverless.yml declares against what the code needs (offline)'
complete -c gearctl -n "__fish_gearctl_using_subcommand help; and __fish_seen_subcommand_from dlq" -f -a "list" -d 'Find the DLQs in the region (queue redrive policies, Lambda DLQs and on-failure destinations) with their depth and sources'
complete -c gearctl -n "__fish_gearctl_using_subcommand help; and __fish_seen_subcommand_from dlq" -f -a "peek" -d 'Show messages without consuming them; they are visible again right after'
complete -c gearctl -n "__fish_gearctl_using_subcommand help; and __fish_seen_subcommand_from dlq" -f -a "export" -d 'Write messages to a JSONL file; with --delete, drain the queue into it'
complete -c gearctl -n "__fish_gearctl_using_subcommand help; and __fish_seen_subcommand_from dlq" -f -a "import" -d 'Send the messages of a JSONL file (from `dlq export`) to a queue'
complete -c gearctl -n "__fish_gearctl_using_subcommand help; and __fish_seen_subcommand_from dlq" -f -a "redrive" -d 'Move messages back to their source queue, to another queue, or re-invoke the function'
