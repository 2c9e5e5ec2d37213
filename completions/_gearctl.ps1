
using namespace System.Management.Automation
using namespace System.Management.Automation.Language

Register-ArgumentCompleter -Native -CommandName 'gearctl' -ScriptBlock {
    param($wordToComplete, $commandAst, $cursorPosition)

    $commandElements = $commandAst.CommandElements
    $command = @(
        'gearctl'
        for ($i = 1; $i -lt $commandElements.Count; $i++) {
            $element = $commandElements[$i]
            if ($element -isnot [StringConstantExpressionAst] -or
                $element.StringConstantType -ne [StringConstantType]::BareWord -or
                $element.Value.StartsWith('-') -or
                $element.Value -eq $wordToComplete) {
                break
        }
        $element.Value
    }) -join ';'

    $completions = @(switch ($command) {
        'gearctl' {
            [CompletionResult]::new('--profile', '--profile', [CompletionResultType]::ParameterName, 'Named profile from ~/.aws/config (SSO and assume-role profiles work) [env: AWS_PROFILE]')
            [CompletionResult]::new('--region', '--region', [CompletionResultType]::ParameterName, 'AWS region, e.g. eu-west-1 [env: AWS_REGION]; `audit deployed`, `dlq list`, `coldstarts` and `doctor` take a comma list: us-east-1,eu-west-1')
            [CompletionResult]::new('--endpoint-url', '--endpoint-url', [CompletionResultType]::ParameterName, 'Send every AWS call to this URL, e.g. a local emulator [env: AWS_ENDPOINT_URL]')
            [CompletionResult]::new('--max-attempts', '--max-attempts', [CompletionResultType]::ParameterName, 'Attempts per AWS call, throttling retries included (adaptive retry mode)')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Output format of the result on stdout')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format of the result on stdout')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use colors (NO_COLOR is honoured in auto)')
            [CompletionResult]::new('--all-regions', '--all-regions', [CompletionResultType]::ParameterName, 'Every region the account has enabled (account:ListRegions); for `audit deployed`, `dlq list`, `coldstarts` and `doctor`')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'No progress bars or warnings on stderr; errors are still printed')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'No progress bars or warnings on stderr; errors are still printed')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Log what gearctl does on stderr (-v info, -vv debug, -vvv SDK debug)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Log what gearctl does on stderr (-v info, -vv debug, -vvv SDK debug)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('audit', 'audit', [CompletionResultType]::ParameterValue, 'Audit Lambda package sizes: local zips and service directories (offline), or `audit deployed` for what is in the account')
            [CompletionResult]::new('iam', 'iam', [CompletionResultType]::ParameterValue, 'Least-privilege IAM policies per function, from serverless.yml and the handler code; and what deployed roles grant beyond them')
            [CompletionResult]::new('dlq', 'dlq', [CompletionResultType]::ParameterValue, 'Dead-letter queues: find them, look inside, export, import, and redrive without losing a message')
            [CompletionResult]::new('coldstarts', 'coldstarts', [CompletionResultType]::ParameterValue, 'Cold-start counts and init durations per function, from CloudWatch Logs')
            [CompletionResult]::new('doctor', 'doctor', [CompletionResultType]::ParameterValue, 'Show who and where gearctl runs as, check access, and list the IAM actions each command needs')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'gearctl;audit' {
            [CompletionResult]::new('--max-zipped', '--max-zipped', [CompletionResultType]::ParameterName, 'Fail when a package''s zipped size exceeds SIZE (e.g. 10MiB)')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Budget file with an `audit:` section [default: ./.gearctl.yml, and one in each service directory]')
            [CompletionResult]::new('--max-unzipped', '--max-unzipped', [CompletionResultType]::ParameterName, 'Fail when a package''s unzipped size exceeds SIZE')
            [CompletionResult]::new('--top', '--top', [CompletionResultType]::ParameterName, 'How many biggest contributors to list per package')
            [CompletionResult]::new('--runtime', '--runtime', [CompletionResultType]::ParameterName, 'Lambda runtime of zips whose runtime is not known (e.g. python3.12, nodejs20.x)')
            [CompletionResult]::new('--huge-file', '--huge-file', [CompletionResultType]::ParameterName, 'Report single files at least this big [default: 5MiB]')
            [CompletionResult]::new('--stage', '--stage', [CompletionResultType]::ParameterName, 'Stage used to resolve serverless.yml variables')
            [CompletionResult]::new('--profile', '--profile', [CompletionResultType]::ParameterName, 'Named profile from ~/.aws/config (SSO and assume-role profiles work) [env: AWS_PROFILE]')
            [CompletionResult]::new('--region', '--region', [CompletionResultType]::ParameterName, 'AWS region, e.g. eu-west-1 [env: AWS_REGION]; `audit deployed`, `dlq list`, `coldstarts` and `doctor` take a comma list: us-east-1,eu-west-1')
            [CompletionResult]::new('--endpoint-url', '--endpoint-url', [CompletionResultType]::ParameterName, 'Send every AWS call to this URL, e.g. a local emulator [env: AWS_ENDPOINT_URL]')
            [CompletionResult]::new('--max-attempts', '--max-attempts', [CompletionResultType]::ParameterName, 'Attempts per AWS call, throttling retries included (adaptive retry mode)')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Output format of the result on stdout')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format of the result on stdout')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use colors (NO_COLOR is honoured in auto)')
            [CompletionResult]::new('--deep', '--deep', [CompletionResultType]::ParameterName, 'Also read file contents: duplicate files, and the zipped size of source trees')
            [CompletionResult]::new('--all-regions', '--all-regions', [CompletionResultType]::ParameterName, 'Every region the account has enabled (account:ListRegions); for `audit deployed`, `dlq list`, `coldstarts` and `doctor`')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'No progress bars or warnings on stderr; errors are still printed')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'No progress bars or warnings on stderr; errors are still printed')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Log what gearctl does on stderr (-v info, -vv debug, -vvv SDK debug)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Log what gearctl does on stderr (-v info, -vv debug, -vvv SDK debug)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('deployed', 'deployed', [CompletionResultType]::ParameterValue, 'Audit the deployed functions: code size, layers, versions and the storage they hold; prune old versions')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'gearctl;audit;deployed' {
            [CompletionResult]::new('--max-zipped', '--max-zipped', [CompletionResultType]::ParameterName, 'Fail when a package''s zipped size exceeds SIZE (e.g. 10MiB)')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Budget file with an `audit:` section [default: ./.gearctl.yml, and one in each service directory]')
            [CompletionResult]::new('--keep', '--keep', [CompletionResultType]::ParameterName, 'Keep the newest N unaliased versions out of the prunable list')
            [CompletionResult]::new('--concurrency', '--concurrency', [CompletionResultType]::ParameterName, 'Functions read in parallel')
            [CompletionResult]::new('--max-unzipped', '--max-unzipped', [CompletionResultType]::ParameterName, 'With --deep: fail when a package''s unzipped size exceeds SIZE')
            [CompletionResult]::new('--top', '--top', [CompletionResultType]::ParameterName, 'With --deep: how many biggest contributors to list per package')
            [CompletionResult]::new('--huge-file', '--huge-file', [CompletionResultType]::ParameterName, 'With --deep: report single files at least this big [default: 5MiB]')
            [CompletionResult]::new('--profile', '--profile', [CompletionResultType]::ParameterName, 'Named profile from ~/.aws/config (SSO and assume-role profiles work) [env: AWS_PROFILE]')
            [CompletionResult]::new('--region', '--region', [CompletionResultType]::ParameterName, 'AWS region, e.g. eu-west-1 [env: AWS_REGION]; `audit deployed`, `dlq list`, `coldstarts` and `doctor` take a comma list: us-east-1,eu-west-1')
            [CompletionResult]::new('--endpoint-url', '--endpoint-url', [CompletionResultType]::ParameterName, 'Send every AWS call to this URL, e.g. a local emulator [env: AWS_ENDPOINT_URL]')
            [CompletionResult]::new('--max-attempts', '--max-attempts', [CompletionResultType]::ParameterName, 'Attempts per AWS call, throttling retries included (adaptive retry mode)')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Output format of the result on stdout')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format of the result on stdout')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use colors (NO_COLOR is honoured in auto)')
            [CompletionResult]::new('--prune', '--prune', [CompletionResultType]::ParameterName, 'Delete the prunable versions (requires an explicit --keep)')
            [CompletionResult]::new('--dry-run', '--dry-run', [CompletionResultType]::ParameterName, 'With --prune: show what would be deleted, delete nothing')
            [CompletionResult]::new('-y', '-y', [CompletionResultType]::ParameterName, 'With --prune: do not ask for confirmation')
            [CompletionResult]::new('--yes', '--yes', [CompletionResultType]::ParameterName, 'With --prune: do not ask for confirmation')
            [CompletionResult]::new('--deep', '--deep', [CompletionResultType]::ParameterName, 'Download each package (GetFunction) and audit its content like a local zip: unzipped size, contributors, bloat rules, duplicates')
            [CompletionResult]::new('--all-regions', '--all-regions', [CompletionResultType]::ParameterName, 'Every region the account has enabled (account:ListRegions); for `audit deployed`, `dlq list`, `coldstarts` and `doctor`')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'No progress bars or warnings on stderr; errors are still printed')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'No progress bars or warnings on stderr; errors are still printed')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Log what gearctl does on stderr (-v info, -vv debug, -vvv SDK debug)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Log what gearctl does on stderr (-v info, -vv debug, -vvv SDK debug)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'gearctl;audit;help' {
            [CompletionResult]::new('deployed', 'deployed', [CompletionResultType]::ParameterValue, 'Audit the deployed functions: code size, layers, versions and the storage they hold; prune old versions')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'gearctl;audit;help;deployed' {
            break
        }
        'gearctl;audit;help;help' {
            break
        }
        'gearctl;iam' {
            [CompletionResult]::new('--profile', '--profile', [CompletionResultType]::ParameterName, 'Named profile from ~/.aws/config (SSO and assume-role profiles work) [env: AWS_PROFILE]')
            [CompletionResult]::new('--region', '--region', [CompletionResultType]::ParameterName, 'AWS region, e.g. eu-west-1 [env: AWS_REGION]; `audit deployed`, `dlq list`, `coldstarts` and `doctor` take a comma list: us-east-1,eu-west-1')
            [CompletionResult]::new('--endpoint-url', '--endpoint-url', [CompletionResultType]::ParameterName, 'Send every AWS call to this URL, e.g. a local emulator [env: AWS_ENDPOINT_URL]')
            [CompletionResult]::new('--max-attempts', '--max-attempts', [CompletionResultType]::ParameterName, 'Attempts per AWS call, throttling retries included (adaptive retry mode)')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Output format of the result on stdout')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format of the result on stdout')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use colors (NO_COLOR is honoured in auto)')
            [CompletionResult]::new('--all-regions', '--all-regions', [CompletionResultType]::ParameterName, 'Every region the account has enabled (account:ListRegions); for `audit deployed`, `dlq list`, `coldstarts` and `doctor`')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'No progress bars or warnings on stderr; errors are still printed')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'No progress bars or warnings on stderr; errors are still printed')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Log what gearctl does on stderr (-v info, -vv debug, -vvv SDK debug)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Log what gearctl does on stderr (-v info, -vv debug, -vvv SDK debug)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('generate', 'generate', [CompletionResultType]::ParameterValue, 'Generate one least-privilege policy per function (offline: no AWS call)')
            [CompletionResult]::new('diff', 'diff', [CompletionResultType]::ParameterValue, 'Compare deployed functions'' roles with what their code needs: excess and missing')
            [CompletionResult]::new('check', 'check', [CompletionResultType]::ParameterValue, 'Check the roles serverless.yml declares against what the code needs (offline)')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'gearctl;iam;generate' {
            [CompletionResult]::new('--function', '--function', [CompletionResultType]::ParameterName, 'Only these functions (keys in serverless.yml or deployed names; repeatable)')
            [CompletionResult]::new('--stage', '--stage', [CompletionResultType]::ParameterName, 'Stage used to resolve serverless.yml variables')
            [CompletionResult]::new('--account', '--account', [CompletionResultType]::ParameterName, 'Account ID in ARNs [default: ${AWS::AccountId}]')
            [CompletionResult]::new('--format', '--format', [CompletionResultType]::ParameterName, 'File format with --out-dir, or printed to stdout instead of the summary')
            [CompletionResult]::new('--out-dir', '--out-dir', [CompletionResultType]::ParameterName, 'Write the files here')
            [CompletionResult]::new('--profile', '--profile', [CompletionResultType]::ParameterName, 'Named profile from ~/.aws/config (SSO and assume-role profiles work) [env: AWS_PROFILE]')
            [CompletionResult]::new('--region', '--region', [CompletionResultType]::ParameterName, 'AWS region, e.g. eu-west-1 [env: AWS_REGION]; `audit deployed`, `dlq list`, `coldstarts` and `doctor` take a comma list: us-east-1,eu-west-1')
            [CompletionResult]::new('--endpoint-url', '--endpoint-url', [CompletionResultType]::ParameterName, 'Send every AWS call to this URL, e.g. a local emulator [env: AWS_ENDPOINT_URL]')
            [CompletionResult]::new('--max-attempts', '--max-attempts', [CompletionResultType]::ParameterName, 'Attempts per AWS call, throttling retries included (adaptive retry mode)')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Output format of the result on stdout')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format of the result on stdout')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use colors (NO_COLOR is honoured in auto)')
            [CompletionResult]::new('--check', '--check', [CompletionResultType]::ParameterName, 'Compare fresh output with the files in --out-dir; exit 1 with a diff when stale')
            [CompletionResult]::new('--explain', '--explain', [CompletionResultType]::ParameterName, 'Show, for every action, the line of code or serverless.yml key that needs it')
            [CompletionResult]::new('--all-regions', '--all-regions', [CompletionResultType]::ParameterName, 'Every region the account has enabled (account:ListRegions); for `audit deployed`, `dlq list`, `coldstarts` and `doctor`')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'No progress bars or warnings on stderr; errors are still printed')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'No progress bars or warnings on stderr; errors are still printed')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Log what gearctl does on stderr (-v info, -vv debug, -vvv SDK debug)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Log what gearctl does on stderr (-v info, -vv debug, -vvv SDK debug)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'gearctl;iam;diff' {
            [CompletionResult]::new('--dir', '--dir', [CompletionResultType]::ParameterName, 'Service directory (with serverless.yml)')
            [CompletionResult]::new('--stage', '--stage', [CompletionResultType]::ParameterName, 'Stage used to resolve serverless.yml variables')
            [CompletionResult]::new('--profile', '--profile', [CompletionResultType]::ParameterName, 'Named profile from ~/.aws/config (SSO and assume-role profiles work) [env: AWS_PROFILE]')
            [CompletionResult]::new('--region', '--region', [CompletionResultType]::ParameterName, 'AWS region, e.g. eu-west-1 [env: AWS_REGION]; `audit deployed`, `dlq list`, `coldstarts` and `doctor` take a comma list: us-east-1,eu-west-1')
            [CompletionResult]::new('--endpoint-url', '--endpoint-url', [CompletionResultType]::ParameterName, 'Send every AWS call to this URL, e.g. a local emulator [env: AWS_ENDPOINT_URL]')
            [CompletionResult]::new('--max-attempts', '--max-attempts', [CompletionResultType]::ParameterName, 'Attempts per AWS call, throttling retries included (adaptive retry mode)')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Output format of the result on stdout')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format of the result on stdout')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use colors (NO_COLOR is honoured in auto)')
            [CompletionResult]::new('--all-regions', '--all-regions', [CompletionResultType]::ParameterName, 'Every region the account has enabled (account:ListRegions); for `audit deployed`, `dlq list`, `coldstarts` and `doctor`')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'No progress bars or warnings on stderr; errors are still printed')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'No progress bars or warnings on stderr; errors are still printed')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Log what gearctl does on stderr (-v info, -vv debug, -vvv SDK debug)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Log what gearctl does on stderr (-v info, -vv debug, -vvv SDK debug)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'gearctl;iam;check' {
            [CompletionResult]::new('--function', '--function', [CompletionResultType]::ParameterName, 'Only these functions (keys in serverless.yml or deployed names; repeatable)')
            [CompletionResult]::new('--stage', '--stage', [CompletionResultType]::ParameterName, 'Stage used to resolve serverless.yml variables')
            [CompletionResult]::new('--account', '--account', [CompletionResultType]::ParameterName, 'Account ID in ARNs [default: ${AWS::AccountId}]')
            [CompletionResult]::new('--profile', '--profile', [CompletionResultType]::ParameterName, 'Named profile from ~/.aws/config (SSO and assume-role profiles work) [env: AWS_PROFILE]')
            [CompletionResult]::new('--region', '--region', [CompletionResultType]::ParameterName, 'AWS region, e.g. eu-west-1 [env: AWS_REGION]; `audit deployed`, `dlq list`, `coldstarts` and `doctor` take a comma list: us-east-1,eu-west-1')
            [CompletionResult]::new('--endpoint-url', '--endpoint-url', [CompletionResultType]::ParameterName, 'Send every AWS call to this URL, e.g. a local emulator [env: AWS_ENDPOINT_URL]')
            [CompletionResult]::new('--max-attempts', '--max-attempts', [CompletionResultType]::ParameterName, 'Attempts per AWS call, throttling retries included (adaptive retry mode)')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Output format of the result on stdout')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format of the result on stdout')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use colors (NO_COLOR is honoured in auto)')
            [CompletionResult]::new('--all-regions', '--all-regions', [CompletionResultType]::ParameterName, 'Every region the account has enabled (account:ListRegions); for `audit deployed`, `dlq list`, `coldstarts` and `doctor`')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'No progress bars or warnings on stderr; errors are still printed')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'No progress bars or warnings on stderr; errors are still printed')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Log what gearctl does on stderr (-v info, -vv debug, -vvv SDK debug)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Log what gearctl does on stderr (-v info, -vv debug, -vvv SDK debug)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'gearctl;iam;help' {
            [CompletionResult]::new('generate', 'generate', [CompletionResultType]::ParameterValue, 'Generate one least-privilege policy per function (offline: no AWS call)')
            [CompletionResult]::new('diff', 'diff', [CompletionResultType]::ParameterValue, 'Compare deployed functions'' roles with what their code needs: excess and missing')
            [CompletionResult]::new('check', 'check', [CompletionResultType]::ParameterValue, 'Check the roles serverless.yml declares against what the code needs (offline)')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'gearctl;iam;help;generate' {
            break
        }
        'gearctl;iam;help;diff' {
            break
        }
        'gearctl;iam;help;check' {
            break
        }
        'gearctl;iam;help;help' {
            break
        }
        'gearctl;dlq' {
            [CompletionResult]::new('--profile', '--profile', [CompletionResultType]::ParameterName, 'Named profile from ~/.aws/config (SSO and assume-role profiles work) [env: AWS_PROFILE]')
            [CompletionResult]::new('--region', '--region', [CompletionResultType]::ParameterName, 'AWS region, e.g. eu-west-1 [env: AWS_REGION]; `audit deployed`, `dlq list`, `coldstarts` and `doctor` take a comma list: us-east-1,eu-west-1')
            [CompletionResult]::new('--endpoint-url', '--endpoint-url', [CompletionResultType]::ParameterName, 'Send every AWS call to this URL, e.g. a local emulator [env: AWS_ENDPOINT_URL]')
            [CompletionResult]::new('--max-attempts', '--max-attempts', [CompletionResultType]::ParameterName, 'Attempts per AWS call, throttling retries included (adaptive retry mode)')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Output format of the result on stdout')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format of the result on stdout')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use colors (NO_COLOR is honoured in auto)')
            [CompletionResult]::new('--all-regions', '--all-regions', [CompletionResultType]::ParameterName, 'Every region the account has enabled (account:ListRegions); for `audit deployed`, `dlq list`, `coldstarts` and `doctor`')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'No progress bars or warnings on stderr; errors are still printed')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'No progress bars or warnings on stderr; errors are still printed')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Log what gearctl does on stderr (-v info, -vv debug, -vvv SDK debug)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Log what gearctl does on stderr (-v info, -vv debug, -vvv SDK debug)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('list', 'list', [CompletionResultType]::ParameterValue, 'Find the DLQs in the region (queue redrive policies, Lambda DLQs and on-failure destinations) with their depth and sources')
            [CompletionResult]::new('peek', 'peek', [CompletionResultType]::ParameterValue, 'Show messages without consuming them; they are visible again right after')
            [CompletionResult]::new('export', 'export', [CompletionResultType]::ParameterValue, 'Write messages to a JSONL file; with --delete, drain the queue into it')
            [CompletionResult]::new('import', 'import', [CompletionResultType]::ParameterValue, 'Send the messages of a JSONL file (from `dlq export`) to a queue')
            [CompletionResult]::new('redrive', 'redrive', [CompletionResultType]::ParameterValue, 'Move messages back to their source queue, to another queue, or re-invoke the function')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'gearctl;dlq;list' {
            [CompletionResult]::new('--prefix', '--prefix', [CompletionResultType]::ParameterName, 'Only queues whose name starts with PREFIX')
            [CompletionResult]::new('--profile', '--profile', [CompletionResultType]::ParameterName, 'Named profile from ~/.aws/config (SSO and assume-role profiles work) [env: AWS_PROFILE]')
            [CompletionResult]::new('--region', '--region', [CompletionResultType]::ParameterName, 'AWS region, e.g. eu-west-1 [env: AWS_REGION]; `audit deployed`, `dlq list`, `coldstarts` and `doctor` take a comma list: us-east-1,eu-west-1')
            [CompletionResult]::new('--endpoint-url', '--endpoint-url', [CompletionResultType]::ParameterName, 'Send every AWS call to this URL, e.g. a local emulator [env: AWS_ENDPOINT_URL]')
            [CompletionResult]::new('--max-attempts', '--max-attempts', [CompletionResultType]::ParameterName, 'Attempts per AWS call, throttling retries included (adaptive retry mode)')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Output format of the result on stdout')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format of the result on stdout')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use colors (NO_COLOR is honoured in auto)')
            [CompletionResult]::new('--all-regions', '--all-regions', [CompletionResultType]::ParameterName, 'Every region the account has enabled (account:ListRegions); for `audit deployed`, `dlq list`, `coldstarts` and `doctor`')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'No progress bars or warnings on stderr; errors are still printed')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'No progress bars or warnings on stderr; errors are still printed')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Log what gearctl does on stderr (-v info, -vv debug, -vvv SDK debug)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Log what gearctl does on stderr (-v info, -vv debug, -vvv SDK debug)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'gearctl;dlq;peek' {
            [CompletionResult]::new('-n', '-n', [CompletionResultType]::ParameterName, 'How many messages to show')
            [CompletionResult]::new('--count', '--count', [CompletionResultType]::ParameterName, 'How many messages to show')
            [CompletionResult]::new('--filter', '--filter', [CompletionResultType]::ParameterName, 'Only messages that match (repeatable; see `dlq redrive --help`)')
            [CompletionResult]::new('--profile', '--profile', [CompletionResultType]::ParameterName, 'Named profile from ~/.aws/config (SSO and assume-role profiles work) [env: AWS_PROFILE]')
            [CompletionResult]::new('--region', '--region', [CompletionResultType]::ParameterName, 'AWS region, e.g. eu-west-1 [env: AWS_REGION]; `audit deployed`, `dlq list`, `coldstarts` and `doctor` take a comma list: us-east-1,eu-west-1')
            [CompletionResult]::new('--endpoint-url', '--endpoint-url', [CompletionResultType]::ParameterName, 'Send every AWS call to this URL, e.g. a local emulator [env: AWS_ENDPOINT_URL]')
            [CompletionResult]::new('--max-attempts', '--max-attempts', [CompletionResultType]::ParameterName, 'Attempts per AWS call, throttling retries included (adaptive retry mode)')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Output format of the result on stdout')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format of the result on stdout')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use colors (NO_COLOR is honoured in auto)')
            [CompletionResult]::new('--all-regions', '--all-regions', [CompletionResultType]::ParameterName, 'Every region the account has enabled (account:ListRegions); for `audit deployed`, `dlq list`, `coldstarts` and `doctor`')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'No progress bars or warnings on stderr; errors are still printed')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'No progress bars or warnings on stderr; errors are still printed')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Log what gearctl does on stderr (-v info, -vv debug, -vvv SDK debug)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Log what gearctl does on stderr (-v info, -vv debug, -vvv SDK debug)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'gearctl;dlq;export' {
            [CompletionResult]::new('--to', '--to', [CompletionResultType]::ParameterName, 'The JSONL file to write')
            [CompletionResult]::new('--max', '--max', [CompletionResultType]::ParameterName, 'Stop after N messages')
            [CompletionResult]::new('--filter', '--filter', [CompletionResultType]::ParameterName, 'Only messages that match (repeatable)')
            [CompletionResult]::new('--visibility-timeout', '--visibility-timeout', [CompletionResultType]::ParameterName, 'Seconds messages stay hidden while exported without --delete')
            [CompletionResult]::new('--profile', '--profile', [CompletionResultType]::ParameterName, 'Named profile from ~/.aws/config (SSO and assume-role profiles work) [env: AWS_PROFILE]')
            [CompletionResult]::new('--region', '--region', [CompletionResultType]::ParameterName, 'AWS region, e.g. eu-west-1 [env: AWS_REGION]; `audit deployed`, `dlq list`, `coldstarts` and `doctor` take a comma list: us-east-1,eu-west-1')
            [CompletionResult]::new('--endpoint-url', '--endpoint-url', [CompletionResultType]::ParameterName, 'Send every AWS call to this URL, e.g. a local emulator [env: AWS_ENDPOINT_URL]')
            [CompletionResult]::new('--max-attempts', '--max-attempts', [CompletionResultType]::ParameterName, 'Attempts per AWS call, throttling retries included (adaptive retry mode)')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Output format of the result on stdout')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format of the result on stdout')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use colors (NO_COLOR is honoured in auto)')
            [CompletionResult]::new('--delete', '--delete', [CompletionResultType]::ParameterName, 'Delete each message once its line is written and fsynced')
            [CompletionResult]::new('--append', '--append', [CompletionResultType]::ParameterName, 'Add to FILE when it already has lines')
            [CompletionResult]::new('-y', '-y', [CompletionResultType]::ParameterName, 'With --delete: do not ask for confirmation')
            [CompletionResult]::new('--yes', '--yes', [CompletionResultType]::ParameterName, 'With --delete: do not ask for confirmation')
            [CompletionResult]::new('--all-regions', '--all-regions', [CompletionResultType]::ParameterName, 'Every region the account has enabled (account:ListRegions); for `audit deployed`, `dlq list`, `coldstarts` and `doctor`')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'No progress bars or warnings on stderr; errors are still printed')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'No progress bars or warnings on stderr; errors are still printed')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Log what gearctl does on stderr (-v info, -vv debug, -vvv SDK debug)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Log what gearctl does on stderr (-v info, -vv debug, -vvv SDK debug)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'gearctl;dlq;import' {
            [CompletionResult]::new('--to', '--to', [CompletionResultType]::ParameterName, 'Queue name, URL or ARN to send to')
            [CompletionResult]::new('--profile', '--profile', [CompletionResultType]::ParameterName, 'Named profile from ~/.aws/config (SSO and assume-role profiles work) [env: AWS_PROFILE]')
            [CompletionResult]::new('--region', '--region', [CompletionResultType]::ParameterName, 'AWS region, e.g. eu-west-1 [env: AWS_REGION]; `audit deployed`, `dlq list`, `coldstarts` and `doctor` take a comma list: us-east-1,eu-west-1')
            [CompletionResult]::new('--endpoint-url', '--endpoint-url', [CompletionResultType]::ParameterName, 'Send every AWS call to this URL, e.g. a local emulator [env: AWS_ENDPOINT_URL]')
            [CompletionResult]::new('--max-attempts', '--max-attempts', [CompletionResultType]::ParameterName, 'Attempts per AWS call, throttling retries included (adaptive retry mode)')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Output format of the result on stdout')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format of the result on stdout')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use colors (NO_COLOR is honoured in auto)')
            [CompletionResult]::new('--dry-run', '--dry-run', [CompletionResultType]::ParameterName, 'Read and check the file, send nothing')
            [CompletionResult]::new('--all-regions', '--all-regions', [CompletionResultType]::ParameterName, 'Every region the account has enabled (account:ListRegions); for `audit deployed`, `dlq list`, `coldstarts` and `doctor`')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'No progress bars or warnings on stderr; errors are still printed')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'No progress bars or warnings on stderr; errors are still printed')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Log what gearctl does on stderr (-v info, -vv debug, -vvv SDK debug)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Log what gearctl does on stderr (-v info, -vv debug, -vvv SDK debug)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'gearctl;dlq;redrive' {
            [CompletionResult]::new('--to', '--to', [CompletionResultType]::ParameterName, 'Destination queue (name, URL or ARN) [default: the DLQ''s source queue]')
            [CompletionResult]::new('--to-profile', '--to-profile', [CompletionResultType]::ParameterName, 'Profile for the destination queue (another account)')
            [CompletionResult]::new('--to-region', '--to-region', [CompletionResultType]::ParameterName, 'Region of the destination queue [default: the region an ARN or URL names]')
            [CompletionResult]::new('--function', '--function', [CompletionResultType]::ParameterName, 'Re-invoke this function with each message (lambda engine)')
            [CompletionResult]::new('--subscription', '--subscription', [CompletionResultType]::ParameterName, 'For a DLQ that SNS subscriptions feed: the subscription (ARN) whose endpoint gets the messages')
            [CompletionResult]::new('--engine', '--engine', [CompletionResultType]::ParameterName, 'How to move the messages')
            [CompletionResult]::new('--filter', '--filter', [CompletionResultType]::ParameterName, 'Only messages that match: body.PATH=VALUE, body.PATH~VALUE, body~TEXT, attr.NAME=VALUE, attr.NAME~VALUE (repeatable; all must match)')
            [CompletionResult]::new('--max', '--max', [CompletionResultType]::ParameterName, 'Stop after N messages')
            [CompletionResult]::new('--rate', '--rate', [CompletionResultType]::ParameterName, 'At most N messages per second (e.g. 20 or 20/s)')
            [CompletionResult]::new('--max-velocity', '--max-velocity', [CompletionResultType]::ParameterName, 'Native engine: at most N messages per second (1–500)')
            [CompletionResult]::new('--backup', '--backup', [CompletionResultType]::ParameterName, 'Append each message to this JSONL file (fsynced) before it is moved')
            [CompletionResult]::new('--visibility-timeout', '--visibility-timeout', [CompletionResultType]::ParameterName, 'Seconds a received message stays hidden (extended while it is being moved)')
            [CompletionResult]::new('--profile', '--profile', [CompletionResultType]::ParameterName, 'Named profile from ~/.aws/config (SSO and assume-role profiles work) [env: AWS_PROFILE]')
            [CompletionResult]::new('--region', '--region', [CompletionResultType]::ParameterName, 'AWS region, e.g. eu-west-1 [env: AWS_REGION]; `audit deployed`, `dlq list`, `coldstarts` and `doctor` take a comma list: us-east-1,eu-west-1')
            [CompletionResult]::new('--endpoint-url', '--endpoint-url', [CompletionResultType]::ParameterName, 'Send every AWS call to this URL, e.g. a local emulator [env: AWS_ENDPOINT_URL]')
            [CompletionResult]::new('--max-attempts', '--max-attempts', [CompletionResultType]::ParameterName, 'Attempts per AWS call, throttling retries included (adaptive retry mode)')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Output format of the result on stdout')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format of the result on stdout')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use colors (NO_COLOR is honoured in auto)')
            [CompletionResult]::new('--dry-run', '--dry-run', [CompletionResultType]::ParameterName, 'Show what would be moved, move nothing')
            [CompletionResult]::new('-y', '-y', [CompletionResultType]::ParameterName, 'Do not ask for confirmation')
            [CompletionResult]::new('--yes', '--yes', [CompletionResultType]::ParameterName, 'Do not ask for confirmation')
            [CompletionResult]::new('--cancel', '--cancel', [CompletionResultType]::ParameterName, 'Cancel the DLQ''s running move task instead')
            [CompletionResult]::new('--all-regions', '--all-regions', [CompletionResultType]::ParameterName, 'Every region the account has enabled (account:ListRegions); for `audit deployed`, `dlq list`, `coldstarts` and `doctor`')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'No progress bars or warnings on stderr; errors are still printed')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'No progress bars or warnings on stderr; errors are still printed')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Log what gearctl does on stderr (-v info, -vv debug, -vvv SDK debug)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Log what gearctl does on stderr (-v info, -vv debug, -vvv SDK debug)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'gearctl;dlq;help' {
            [CompletionResult]::new('list', 'list', [CompletionResultType]::ParameterValue, 'Find the DLQs in the region (queue redrive policies, Lambda DLQs and on-failure destinations) with their depth and sources')
            [CompletionResult]::new('peek', 'peek', [CompletionResultType]::ParameterValue, 'Show messages without consuming them; they are visible again right after')
            [CompletionResult]::new('export', 'export', [CompletionResultType]::ParameterValue, 'Write messages to a JSONL file; with --delete, drain the queue into it')
            [CompletionResult]::new('import', 'import', [CompletionResultType]::ParameterValue, 'Send the messages of a JSONL file (from `dlq export`) to a queue')
            [CompletionResult]::new('redrive', 'redrive', [CompletionResultType]::ParameterValue, 'Move messages back to their source queue, to another queue, or re-invoke the function')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'gearctl;dlq;help;list' {
            break
        }
        'gearctl;dlq;help;peek' {
            break
        }
        'gearctl;dlq;help;export' {
            break
        }
        'gearctl;dlq;help;import' {
            break
        }
        'gearctl;dlq;help;redrive' {
            break
        }
        'gearctl;dlq;help;help' {
            break
        }
        'gearctl;coldstarts' {
            [CompletionResult]::new('--since', '--since', [CompletionResultType]::ParameterName, 'How far back to look, e.g. 90m, 24h, 7d [default: 24h]')
            [CompletionResult]::new('--start', '--start', [CompletionResultType]::ParameterName, 'Window start, RFC 3339 (e.g. 2026-11-01T00:00:00Z)')
            [CompletionResult]::new('--end', '--end', [CompletionResultType]::ParameterName, 'Window end, RFC 3339 [default: now]')
            [CompletionResult]::new('--engine', '--engine', [CompletionResultType]::ParameterName, 'Statistics engine')
            [CompletionResult]::new('--by', '--by', [CompletionResultType]::ParameterName, 'Group rows by function, memory size, runtime, architecture or version')
            [CompletionResult]::new('--concurrency', '--concurrency', [CompletionResultType]::ParameterName, 'Log groups scanned in parallel')
            [CompletionResult]::new('--log-file', '--log-file', [CompletionResultType]::ParameterName, 'Read exported log text from FILE instead of CloudWatch (offline; repeatable)')
            [CompletionResult]::new('--profile', '--profile', [CompletionResultType]::ParameterName, 'Named profile from ~/.aws/config (SSO and assume-role profiles work) [env: AWS_PROFILE]')
            [CompletionResult]::new('--region', '--region', [CompletionResultType]::ParameterName, 'AWS region, e.g. eu-west-1 [env: AWS_REGION]; `audit deployed`, `dlq list`, `coldstarts` and `doctor` take a comma list: us-east-1,eu-west-1')
            [CompletionResult]::new('--endpoint-url', '--endpoint-url', [CompletionResultType]::ParameterName, 'Send every AWS call to this URL, e.g. a local emulator [env: AWS_ENDPOINT_URL]')
            [CompletionResult]::new('--max-attempts', '--max-attempts', [CompletionResultType]::ParameterName, 'Attempts per AWS call, throttling retries included (adaptive retry mode)')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Output format of the result on stdout')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format of the result on stdout')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use colors (NO_COLOR is honoured in auto)')
            [CompletionResult]::new('--all-regions', '--all-regions', [CompletionResultType]::ParameterName, 'Every region the account has enabled (account:ListRegions); for `audit deployed`, `dlq list`, `coldstarts` and `doctor`')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'No progress bars or warnings on stderr; errors are still printed')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'No progress bars or warnings on stderr; errors are still printed')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Log what gearctl does on stderr (-v info, -vv debug, -vvv SDK debug)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Log what gearctl does on stderr (-v info, -vv debug, -vvv SDK debug)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'gearctl;doctor' {
            [CompletionResult]::new('--profile', '--profile', [CompletionResultType]::ParameterName, 'Named profile from ~/.aws/config (SSO and assume-role profiles work) [env: AWS_PROFILE]')
            [CompletionResult]::new('--region', '--region', [CompletionResultType]::ParameterName, 'AWS region, e.g. eu-west-1 [env: AWS_REGION]; `audit deployed`, `dlq list`, `coldstarts` and `doctor` take a comma list: us-east-1,eu-west-1')
            [CompletionResult]::new('--endpoint-url', '--endpoint-url', [CompletionResultType]::ParameterName, 'Send every AWS call to this URL, e.g. a local emulator [env: AWS_ENDPOINT_URL]')
            [CompletionResult]::new('--max-attempts', '--max-attempts', [CompletionResultType]::ParameterName, 'Attempts per AWS call, throttling retries included (adaptive retry mode)')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Output format of the result on stdout')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format of the result on stdout')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use colors (NO_COLOR is honoured in auto)')
            [CompletionResult]::new('--all-regions', '--all-regions', [CompletionResultType]::ParameterName, 'Every region the account has enabled (account:ListRegions); for `audit deployed`, `dlq list`, `coldstarts` and `doctor`')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'No progress bars or warnings on stderr; errors are still printed')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'No progress bars or warnings on stderr; errors are still printed')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Log what gearctl does on stderr (-v info, -vv debug, -vvv SDK debug)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Log what gearctl does on stderr (-v info, -vv debug, -vvv SDK debug)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'gearctl;help' {
            [CompletionResult]::new('audit', 'audit', [CompletionResultType]::ParameterValue, 'Audit Lambda package sizes: local zips and service directories (offline), or `audit deployed` for what is in the account')
            [CompletionResult]::new('iam', 'iam', [CompletionResultType]::ParameterValue, 'Least-privilege IAM policies per function, from serverless.yml and the handler code; and what deployed roles grant beyond them')
            [CompletionResult]::new('dlq', 'dlq', [CompletionResultType]::ParameterValue, 'Dead-letter queues: find them, look inside, export, import, and redrive without losing a message')
            [CompletionResult]::new('coldstarts', 'coldstarts', [CompletionResultType]::ParameterValue, 'Cold-start counts and init durations per function, from CloudWatch Logs')
            [CompletionResult]::new('doctor', 'doctor', [CompletionResultType]::ParameterValue, 'Show who and where gearctl runs as, check access, and list the IAM actions each command needs')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'gearctl;help;audit' {
            [CompletionResult]::new('deployed', 'deployed', [CompletionResultType]::ParameterValue, 'Audit the deployed functions: code size, layers, versions and the storage they hold; prune old versions')
            break
        }
        'gearctl;help;audit;deployed' {
            break
        }
        'gearctl;help;iam' {
            [CompletionResult]::new('generate', 'generate', [CompletionResultType]::ParameterValue, 'Generate one least-privilege policy per function (offline: no AWS call)')
            [CompletionResult]::new('diff', 'diff', [CompletionResultType]::ParameterValue, 'Compare deployed functions'' roles with what their code needs: excess and missing')
            [CompletionResult]::new('check', 'check', [CompletionResultType]::ParameterValue, 'Check the roles serverless.yml declares against what the code needs (offline)')
            break
        }
        'gearctl;help;iam;generate' {
            break
        }
        'gearctl;help;iam;diff' {
            break
        }
        'gearctl;help;iam;check' {
            break
        }
        'gearctl;help;dlq' {
            [CompletionResult]::new('list', 'list', [CompletionResultType]::ParameterValue, 'Find the DLQs in the region (queue redrive policies, Lambda DLQs and on-failure destinations) with their depth and sources')
            [CompletionResult]::new('peek', 'peek', [CompletionResultType]::ParameterValue, 'Show messages without consuming them; they are visible again right after')
            [CompletionResult]::new('export', 'export', [CompletionResultType]::ParameterValue, 'Write messages to a JSONL file; with --delete, drain the queue into it')
            [CompletionResult]::new('import', 'import', [CompletionResultType]::ParameterValue, 'Send the messages of a JSONL file (from `dlq export`) to a queue')
            [CompletionResult]::new('redrive', 'redrive', [CompletionResultType]::ParameterValue, 'Move messages back to their source queue, to another queue, or re-invoke the function')
            break
        }
        'gearctl;help;dlq;list' {
            break
        }
        'gearctl;help;dlq;peek' {
            break
        }
        'gearctl;help;dlq;export' {
            break
        }
        'gearctl;help;dlq;import' {
            break
        }
        'gearctl;help;dlq;redrive' {
            break
        }
        'gearctl;help;coldstarts' {
            break
        }
        'gearctl;help;doctor' {
            break
        }
        'gearctl;help;help' {
            break
        }
    })

    $completions.Where{ $_.CompletionText -like "$wordToComplete*" } |
        Sort-Object -Property ListItemText
}
