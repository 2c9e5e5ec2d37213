
use builtin;
use str;

set edit:completion:arg-completer[gearctl] = {|@words|
    fn spaces {|n|
        builtin:repeat $n ' ' | str:join ''
    }
    fn cand {|text desc|
        edit:complex-candidate $text &display=$text' '(spaces (- 14 (wcswidth $text)))$desc
    }
    var command = 'gearctl'
    for word $words[1..-1] {
        if (str:has-prefix $word '-') {
            break
        }
        set command = $command';'$word
    }
    var completions = [
        &'gearctl'= {
            cand --profile 'Named profile from ~/.aws/config (SSO and assume-role profiles work) [env: AWS_PROFILE]'
            cand --region 'AWS region, e.g. eu-west-1 [env: AWS_REGION]'
            cand --endpoint-url 'Send every AWS call to this URL, e.g. a local emulator [env: AWS_ENDPOINT_URL]'
            cand --max-attempts 'Attempts per AWS call, throttling retries included (adaptive retry mode)'
            cand -o 'Output format of the result on stdout'
            cand --output 'Output format of the result on stdout'
            cand --color 'When to use colors (NO_COLOR is honoured in auto)'
            cand -q 'No progress bars or warnings on stderr; errors are still printed'
            cand --quiet 'No progress bars or warnings on stderr; errors are still printed'
            cand -v 'Log what gearctl does on stderr (-v info, -vv debug, -vvv SDK debug)'
            cand --verbose 'Log what gearctl does on stderr (-v info, -vv debug, -vvv SDK debug)'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
            cand audit 'Audit Lambda package sizes: local zips and service directories (offline), or `audit deployed` for what is in the account'
            cand coldstarts 'Cold-start counts and init durations per function, from CloudWatch Logs'
            cand doctor 'Show who and where gearctl runs as, check access, and list the IAM actions each command needs'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'gearctl;audit'= {
            cand --max-zipped 'Fail when a package''s zipped size exceeds SIZE (e.g. 10MiB)'
            cand --config 'Budget file with an `audit:` section [default: ./.gearctl.yml, and one in each service directory]'
            cand --max-unzipped 'Fail when a package''s unzipped size exceeds SIZE'
            cand --top 'How many biggest contributors to list per package'
            cand --runtime 'Lambda runtime of zips whose runtime is not known (e.g. python3.12, nodejs20.x)'
            cand --huge-file 'Report single files at least this big [default: 5MiB]'
            cand --stage 'Stage used to resolve serverless.yml variables'
            cand --profile 'Named profile from ~/.aws/config (SSO and assume-role profiles work) [env: AWS_PROFILE]'
            cand --region 'AWS region, e.g. eu-west-1 [env: AWS_REGION]'
            cand --endpoint-url 'Send every AWS call to this URL, e.g. a local emulator [env: AWS_ENDPOINT_URL]'
            cand --max-attempts 'Attempts per AWS call, throttling retries included (adaptive retry mode)'
            cand -o 'Output format of the result on stdout'
            cand --output 'Output format of the result on stdout'
            cand --color 'When to use colors (NO_COLOR is honoured in auto)'
            cand --deep 'Also read file contents: duplicate files, and the zipped size of source trees'
            cand -q 'No progress bars or warnings on stderr; errors are still printed'
            cand --quiet 'No progress bars or warnings on stderr; errors are still printed'
            cand -v 'Log what gearctl does on stderr (-v info, -vv debug, -vvv SDK debug)'
            cand --verbose 'Log what gearctl does on stderr (-v info, -vv debug, -vvv SDK debug)'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
            cand deployed 'Audit the deployed functions: code size, layers, versions and the storage they hold; prune old versions'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'gearctl;audit;deployed'= {
            cand --max-zipped 'Fail when a package''s zipped size exceeds SIZE (e.g. 10MiB)'
            cand --config 'Budget file with an `audit:` section [default: ./.gearctl.yml, and one in each service directory]'
            cand --keep 'Keep the newest N unaliased versions out of the prunable list'
            cand --concurrency 'Functions read in parallel'
            cand --max-unzipped 'With --deep: fail when a package''s unzipped size exceeds SIZE'
            cand --top 'With --deep: how many biggest contributors to list per package'
            cand --huge-file 'With --deep: report single files at least this big [default: 5MiB]'
            cand --profile 'Named profile from ~/.aws/config (SSO and assume-role profiles work) [env: AWS_PROFILE]'
            cand --region 'AWS region, e.g. eu-west-1 [env: AWS_REGION]'
            cand --endpoint-url 'Send every AWS call to this URL, e.g. a local emulator [env: AWS_ENDPOINT_URL]'
            cand --max-attempts 'Attempts per AWS call, throttling retries included (adaptive retry mode)'
            cand -o 'Output format of the result on stdout'
            cand --output 'Output format of the result on stdout'
            cand --color 'When to use colors (NO_COLOR is honoured in auto)'
            cand --prune 'Delete the prunable versions (requires an explicit --keep)'
            cand --dry-run 'With --prune: show what would be deleted, delete nothing'
            cand -y 'With --prune: do not ask for confirmation'
            cand --yes 'With --prune: do not ask for confirmation'
            cand --deep 'Download each package (GetFunction) and audit its content like a local zip: unzipped size, contributors, bloat rules, duplicates'
            cand -q 'No progress bars or warnings on stderr; errors are still printed'
            cand --quiet 'No progress bars or warnings on stderr; errors are still printed'
            cand -v 'Log what gearctl does on stderr (-v info, -vv debug, -vvv SDK debug)'
            cand --verbose 'Log what gearctl does on stderr (-v info, -vv debug, -vvv SDK debug)'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'gearctl;audit;help'= {
            cand deployed 'Audit the deployed functions: code size, layers, versions and the storage they hold; prune old versions'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'gearctl;audit;help;deployed'= {
        }
        &'gearctl;audit;help;help'= {
        }
        &'gearctl;coldstarts'= {
            cand --since 'How far back to look, e.g. 90m, 24h, 7d [default: 24h]'
            cand --start 'Window start, RFC 3339 (e.g. 2026-11-01T00:00:00Z)'
            cand --end 'Window end, RFC 3339 [default: now]'
            cand --engine 'Statistics engine'
            cand --by 'Group rows by function, memory size, runtime, architecture or version'
            cand --concurrency 'Log groups scanned in parallel'
            cand --log-file 'Read exported log text from FILE instead of CloudWatch (offline; repeatable)'
            cand --profile 'Named profile from ~/.aws/config (SSO and assume-role profiles work) [env: AWS_PROFILE]'
            cand --region 'AWS region, e.g. eu-west-1 [env: AWS_REGION]'
            cand --endpoint-url 'Send every AWS call to this URL, e.g. a local emulator [env: AWS_ENDPOINT_URL]'
            cand --max-attempts 'Attempts per AWS call, throttling retries included (adaptive retry mode)'
            cand -o 'Output format of the result on stdout'
            cand --output 'Output format of the result on stdout'
            cand --color 'When to use colors (NO_COLOR is honoured in auto)'
            cand -q 'No progress bars or warnings on stderr; errors are still printed'
            cand --quiet 'No progress bars or warnings on stderr; errors are still printed'
            cand -v 'Log what gearctl does on stderr (-v info, -vv debug, -vvv SDK debug)'
            cand --verbose 'Log what gearctl does on stderr (-v info, -vv debug, -vvv SDK debug)'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'gearctl;doctor'= {
            cand --profile 'Named profile from ~/.aws/config (SSO and assume-role profiles work) [env: AWS_PROFILE]'
            cand --region 'AWS region, e.g. eu-west-1 [env: AWS_REGION]'
            cand --endpoint-url 'Send every AWS call to this URL, e.g. a local emulator [env: AWS_ENDPOINT_URL]'
            cand --max-attempts 'Attempts per AWS call, throttling retries included (adaptive retry mode)'
            cand -o 'Output format of the result on stdout'
            cand --output 'Output format of the result on stdout'
            cand --color 'When to use colors (NO_COLOR is honoured in auto)'
            cand -q 'No progress bars or warnings on stderr; errors are still printed'
            cand --quiet 'No progress bars or warnings on stderr; errors are still printed'
            cand -v 'Log what gearctl does on stderr (-v info, -vv debug, -vvv SDK debug)'
            cand --verbose 'Log what gearctl does on stderr (-v info, -vv debug, -vvv SDK debug)'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'gearctl;help'= {
            cand audit 'Audit Lambda package sizes: local zips and service directories (offline), or `audit deployed` for what is in the account'
            cand coldstarts 'Cold-start counts and init durations per function, from CloudWatch Logs'
            cand doctor 'Show who and where gearctl runs as, check access, and list the IAM actions each command needs'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'gearctl;help;audit'= {
            cand deployed 'Audit the deployed functions: code size, layers, versions and the storage they hold; prune old versions'
        }
        &'gearctl;help;audit;deployed'= {
        }
        &'gearctl;help;coldstarts'= {
        }
        &'gearctl;help;doctor'= {
        }
        &'gearctl;help;help'= {
        }
    ]
    $completions[$command]
}
