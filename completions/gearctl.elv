
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
            cand --region 'AWS region, e.g. eu-west-1 [env: AWS_REGION]; `audit deployed`, `dlq list`, `coldstarts` and `doctor` take a comma list: us-east-1,eu-west-1'
            cand --endpoint-url 'Send every AWS call to this URL, e.g. a local emulator [env: AWS_ENDPOINT_URL]'
            cand --max-attempts 'Attempts per AWS call, throttling retries included (adaptive retry mode)'
            cand -o 'Output format of the result on stdout'
            cand --output 'Output format of the result on stdout'
            cand --color 'When to use colors (NO_COLOR is honoured in auto)'
            cand --all-regions 'Every region the account has enabled (account:ListRegions); for `audit deployed`, `dlq list`, `coldstarts` and `doctor`'
            cand -q 'No progress bars or warnings on stderr; errors are still printed'
            cand --quiet 'No progress bars or warnings on stderr; errors are still printed'
            cand -v 'Log what gearctl does on stderr (-v info, -vv debug, -vvv SDK debug)'
            cand --verbose 'Log what gearctl does on stderr (-v info, -vv debug, -vvv SDK debug)'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
            cand audit 'Audit Lambda package sizes: local zips and service directories (offline), or `audit deployed` for what is in the account'
            cand iam 'Least-privilege IAM policies per function, from serverless.yml and the handler code; and what deployed roles grant beyond them'
            cand dlq 'Dead-letter queues: find them, look inside, export, import, and redrive without losing a message'
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
            cand --region 'AWS region, e.g. eu-west-1 [env: AWS_REGION]; `audit deployed`, `dlq list`, `coldstarts` and `doctor` take a comma list: us-east-1,eu-west-1'
            cand --endpoint-url 'Send every AWS call to this URL, e.g. a local emulator [env: AWS_ENDPOINT_URL]'
            cand --max-attempts 'Attempts per AWS call, throttling retries included (adaptive retry mode)'
            cand -o 'Output format of the result on stdout'
            cand --output 'Output format of the result on stdout'
            cand --color 'When to use colors (NO_COLOR is honoured in auto)'
            cand --deep 'Also read file contents: duplicate files, and the zipped size of source trees'
            cand --all-regions 'Every region the account has enabled (account:ListRegions); for `audit deployed`, `dlq list`, `coldstarts` and `doctor`'
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
            cand --region 'AWS region, e.g. eu-west-1 [env: AWS_REGION]; `audit deployed`, `dlq list`, `coldstarts` and `doctor` take a comma list: us-east-1,eu-west-1'
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
            cand --all-regions 'Every region the account has enabled (account:ListRegions); for `audit deployed`, `dlq list`, `coldstarts` and `doctor`'
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
        &'gearctl;iam'= {
            cand --profile 'Named profile from ~/.aws/config (SSO and assume-role profiles work) [env: AWS_PROFILE]'
            cand --region 'AWS region, e.g. eu-west-1 [env: AWS_REGION]; `audit deployed`, `dlq list`, `coldstarts` and `doctor` take a comma list: us-east-1,eu-west-1'
            cand --endpoint-url 'Send every AWS call to this URL, e.g. a local emulator [env: AWS_ENDPOINT_URL]'
            cand --max-attempts 'Attempts per AWS call, throttling retries included (adaptive retry mode)'
            cand -o 'Output format of the result on stdout'
            cand --output 'Output format of the result on stdout'
            cand --color 'When to use colors (NO_COLOR is honoured in auto)'
            cand --all-regions 'Every region the account has enabled (account:ListRegions); for `audit deployed`, `dlq list`, `coldstarts` and `doctor`'
            cand -q 'No progress bars or warnings on stderr; errors are still printed'
            cand --quiet 'No progress bars or warnings on stderr; errors are still printed'
            cand -v 'Log what gearctl does on stderr (-v info, -vv debug, -vvv SDK debug)'
            cand --verbose 'Log what gearctl does on stderr (-v info, -vv debug, -vvv SDK debug)'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
            cand generate 'Generate one least-privilege policy per function (offline: no AWS call)'
            cand diff 'Compare deployed functions'' roles with what their code needs: excess and missing'
            cand check 'Check the roles serverless.yml declares against what the code needs (offline)'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'gearctl;iam;generate'= {
            cand --function 'Only these functions (keys in serverless.yml or deployed names; repeatable)'
            cand --stage 'Stage used to resolve serverless.yml variables'
            cand --account 'Account ID in ARNs [default: ${AWS::AccountId}]'
            cand --format 'File format with --out-dir, or printed to stdout instead of the summary'
            cand --out-dir 'Write the files here'
            cand --profile 'Named profile from ~/.aws/config (SSO and assume-role profiles work) [env: AWS_PROFILE]'
            cand --region 'AWS region, e.g. eu-west-1 [env: AWS_REGION]; `audit deployed`, `dlq list`, `coldstarts` and `doctor` take a comma list: us-east-1,eu-west-1'
            cand --endpoint-url 'Send every AWS call to this URL, e.g. a local emulator [env: AWS_ENDPOINT_URL]'
            cand --max-attempts 'Attempts per AWS call, throttling retries included (adaptive retry mode)'
            cand -o 'Output format of the result on stdout'
            cand --output 'Output format of the result on stdout'
            cand --color 'When to use colors (NO_COLOR is honoured in auto)'
            cand --check 'Compare fresh output with the files in --out-dir; exit 1 with a diff when stale'
            cand --explain 'Show, for every action, the line of code or serverless.yml key that needs it'
            cand --all-regions 'Every region the account has enabled (account:ListRegions); for `audit deployed`, `dlq list`, `coldstarts` and `doctor`'
            cand -q 'No progress bars or warnings on stderr; errors are still printed'
            cand --quiet 'No progress bars or warnings on stderr; errors are still printed'
            cand -v 'Log what gearctl does on stderr (-v info, -vv debug, -vvv SDK debug)'
            cand --verbose 'Log what gearctl does on stderr (-v info, -vv debug, -vvv SDK debug)'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'gearctl;iam;diff'= {
            cand --dir 'Service directory (with serverless.yml)'
            cand --stage 'Stage used to resolve serverless.yml variables'
            cand --profile 'Named profile from ~/.aws/config (SSO and assume-role profiles work) [env: AWS_PROFILE]'
            cand --region 'AWS region, e.g. eu-west-1 [env: AWS_REGION]; `audit deployed`, `dlq list`, `coldstarts` and `doctor` take a comma list: us-east-1,eu-west-1'
            cand --endpoint-url 'Send every AWS call to this URL, e.g. a local emulator [env: AWS_ENDPOINT_URL]'
            cand --max-attempts 'Attempts per AWS call, throttling retries included (adaptive retry mode)'
            cand -o 'Output format of the result on stdout'
            cand --output 'Output format of the result on stdout'
            cand --color 'When to use colors (NO_COLOR is honoured in auto)'
            cand --all-regions 'Every region the account has enabled (account:ListRegions); for `audit deployed`, `dlq list`, `coldstarts` and `doctor`'
            cand -q 'No progress bars or warnings on stderr; errors are still printed'
            cand --quiet 'No progress bars or warnings on stderr; errors are still printed'
            cand -v 'Log what gearctl does on stderr (-v info, -vv debug, -vvv SDK debug)'
            cand --verbose 'Log what gearctl does on stderr (-v info, -vv debug, -vvv SDK debug)'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'gearctl;iam;check'= {
            cand --function 'Only these functions (keys in serverless.yml or deployed names; repeatable)'
            cand --stage 'Stage used to resolve serverless.yml variables'
            cand --account 'Account ID in ARNs [default: ${AWS::AccountId}]'
            cand --profile 'Named profile from ~/.aws/config (SSO and assume-role profiles work) [env: AWS_PROFILE]'
            cand --region 'AWS region, e.g. eu-west-1 [env: AWS_REGION]; `audit deployed`, `dlq list`, `coldstarts` and `doctor` take a comma list: us-east-1,eu-west-1'
            cand --endpoint-url 'Send every AWS call to this URL, e.g. a local emulator [env: AWS_ENDPOINT_URL]'
            cand --max-attempts 'Attempts per AWS call, throttling retries included (adaptive retry mode)'
            cand -o 'Output format of the result on stdout'
            cand --output 'Output format of the result on stdout'
            cand --color 'When to use colors (NO_COLOR is honoured in auto)'
            cand --all-regions 'Every region the account has enabled (account:ListRegions); for `audit deployed`, `dlq list`, `coldstarts` and `doctor`'
            cand -q 'No progress bars or warnings on stderr; errors are still printed'
            cand --quiet 'No progress bars or warnings on stderr; errors are still printed'
            cand -v 'Log what gearctl does on stderr (-v info, -vv debug, -vvv SDK debug)'
            cand --verbose 'Log what gearctl does on stderr (-v info, -vv debug, -vvv SDK debug)'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'gearctl;iam;help'= {
            cand generate 'Generate one least-privilege policy per function (offline: no AWS call)'
            cand diff 'Compare deployed functions'' roles with what their code needs: excess and missing'
            cand check 'Check the roles serverless.yml declares against what the code needs (offline)'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'gearctl;iam;help;generate'= {
        }
        &'gearctl;iam;help;diff'= {
        }
        &'gearctl;iam;help;check'= {
        }
        &'gearctl;iam;help;help'= {
        }
        &'gearctl;dlq'= {
            cand --profile 'Named profile from ~/.aws/config (SSO and assume-role profiles work) [env: AWS_PROFILE]'
            cand --region 'AWS region, e.g. eu-west-1 [env: AWS_REGION]; `audit deployed`, `dlq list`, `coldstarts` and `doctor` take a comma list: us-east-1,eu-west-1'
            cand --endpoint-url 'Send every AWS call to this URL, e.g. a local emulator [env: AWS_ENDPOINT_URL]'
            cand --max-attempts 'Attempts per AWS call, throttling retries included (adaptive retry mode)'
            cand -o 'Output format of the result on stdout'
            cand --output 'Output format of the result on stdout'
            cand --color 'When to use colors (NO_COLOR is honoured in auto)'
            cand --all-regions 'Every region the account has enabled (account:ListRegions); for `audit deployed`, `dlq list`, `coldstarts` and `doctor`'
            cand -q 'No progress bars or warnings on stderr; errors are still printed'
            cand --quiet 'No progress bars or warnings on stderr; errors are still printed'
            cand -v 'Log what gearctl does on stderr (-v info, -vv debug, -vvv SDK debug)'
            cand --verbose 'Log what gearctl does on stderr (-v info, -vv debug, -vvv SDK debug)'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
            cand list 'Find the DLQs in the region (queue redrive policies, Lambda DLQs and on-failure destinations) with their depth and sources'
            cand peek 'Show messages without consuming them; they are visible again right after'
            cand export 'Write messages to a JSONL file; with --delete, drain the queue into it'
            cand import 'Send the messages of a JSONL file (from `dlq export`) to a queue'
            cand redrive 'Move messages back to their source queue, to another queue, or re-invoke the function'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'gearctl;dlq;list'= {
            cand --prefix 'Only queues whose name starts with PREFIX'
            cand --profile 'Named profile from ~/.aws/config (SSO and assume-role profiles work) [env: AWS_PROFILE]'
            cand --region 'AWS region, e.g. eu-west-1 [env: AWS_REGION]; `audit deployed`, `dlq list`, `coldstarts` and `doctor` take a comma list: us-east-1,eu-west-1'
            cand --endpoint-url 'Send every AWS call to this URL, e.g. a local emulator [env: AWS_ENDPOINT_URL]'
            cand --max-attempts 'Attempts per AWS call, throttling retries included (adaptive retry mode)'
            cand -o 'Output format of the result on stdout'
            cand --output 'Output format of the result on stdout'
            cand --color 'When to use colors (NO_COLOR is honoured in auto)'
            cand --all-regions 'Every region the account has enabled (account:ListRegions); for `audit deployed`, `dlq list`, `coldstarts` and `doctor`'
            cand -q 'No progress bars or warnings on stderr; errors are still printed'
            cand --quiet 'No progress bars or warnings on stderr; errors are still printed'
            cand -v 'Log what gearctl does on stderr (-v info, -vv debug, -vvv SDK debug)'
            cand --verbose 'Log what gearctl does on stderr (-v info, -vv debug, -vvv SDK debug)'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'gearctl;dlq;peek'= {
            cand -n 'How many messages to show'
            cand --count 'How many messages to show'
            cand --filter 'Only messages that match (repeatable; see `dlq redrive --help`)'
            cand --profile 'Named profile from ~/.aws/config (SSO and assume-role profiles work) [env: AWS_PROFILE]'
            cand --region 'AWS region, e.g. eu-west-1 [env: AWS_REGION]; `audit deployed`, `dlq list`, `coldstarts` and `doctor` take a comma list: us-east-1,eu-west-1'
            cand --endpoint-url 'Send every AWS call to this URL, e.g. a local emulator [env: AWS_ENDPOINT_URL]'
            cand --max-attempts 'Attempts per AWS call, throttling retries included (adaptive retry mode)'
            cand -o 'Output format of the result on stdout'
            cand --output 'Output format of the result on stdout'
            cand --color 'When to use colors (NO_COLOR is honoured in auto)'
            cand --all-regions 'Every region the account has enabled (account:ListRegions); for `audit deployed`, `dlq list`, `coldstarts` and `doctor`'
            cand -q 'No progress bars or warnings on stderr; errors are still printed'
            cand --quiet 'No progress bars or warnings on stderr; errors are still printed'
            cand -v 'Log what gearctl does on stderr (-v info, -vv debug, -vvv SDK debug)'
            cand --verbose 'Log what gearctl does on stderr (-v info, -vv debug, -vvv SDK debug)'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'gearctl;dlq;export'= {
            cand --to 'The JSONL file to write'
            cand --max 'Stop after N messages'
            cand --filter 'Only messages that match (repeatable)'
            cand --visibility-timeout 'Seconds messages stay hidden while exported without --delete'
            cand --profile 'Named profile from ~/.aws/config (SSO and assume-role profiles work) [env: AWS_PROFILE]'
            cand --region 'AWS region, e.g. eu-west-1 [env: AWS_REGION]; `audit deployed`, `dlq list`, `coldstarts` and `doctor` take a comma list: us-east-1,eu-west-1'
            cand --endpoint-url 'Send every AWS call to this URL, e.g. a local emulator [env: AWS_ENDPOINT_URL]'
            cand --max-attempts 'Attempts per AWS call, throttling retries included (adaptive retry mode)'
            cand -o 'Output format of the result on stdout'
            cand --output 'Output format of the result on stdout'
            cand --color 'When to use colors (NO_COLOR is honoured in auto)'
            cand --delete 'Delete each message once its line is written and fsynced'
            cand --append 'Add to FILE when it already has lines'
            cand -y 'With --delete: do not ask for confirmation'
            cand --yes 'With --delete: do not ask for confirmation'
            cand --all-regions 'Every region the account has enabled (account:ListRegions); for `audit deployed`, `dlq list`, `coldstarts` and `doctor`'
            cand -q 'No progress bars or warnings on stderr; errors are still printed'
            cand --quiet 'No progress bars or warnings on stderr; errors are still printed'
            cand -v 'Log what gearctl does on stderr (-v info, -vv debug, -vvv SDK debug)'
            cand --verbose 'Log what gearctl does on stderr (-v info, -vv debug, -vvv SDK debug)'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'gearctl;dlq;import'= {
            cand --to 'Queue name, URL or ARN to send to'
            cand --profile 'Named profile from ~/.aws/config (SSO and assume-role profiles work) [env: AWS_PROFILE]'
            cand --region 'AWS region, e.g. eu-west-1 [env: AWS_REGION]; `audit deployed`, `dlq list`, `coldstarts` and `doctor` take a comma list: us-east-1,eu-west-1'
            cand --endpoint-url 'Send every AWS call to this URL, e.g. a local emulator [env: AWS_ENDPOINT_URL]'
            cand --max-attempts 'Attempts per AWS call, throttling retries included (adaptive retry mode)'
            cand -o 'Output format of the result on stdout'
            cand --output 'Output format of the result on stdout'
            cand --color 'When to use colors (NO_COLOR is honoured in auto)'
            cand --dry-run 'Read and check the file, send nothing'
            cand --all-regions 'Every region the account has enabled (account:ListRegions); for `audit deployed`, `dlq list`, `coldstarts` and `doctor`'
            cand -q 'No progress bars or warnings on stderr; errors are still printed'
            cand --quiet 'No progress bars or warnings on stderr; errors are still printed'
            cand -v 'Log what gearctl does on stderr (-v info, -vv debug, -vvv SDK debug)'
            cand --verbose 'Log what gearctl does on stderr (-v info, -vv debug, -vvv SDK debug)'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'gearctl;dlq;redrive'= {
            cand --to 'Destination queue (name, URL or ARN) [default: the DLQ''s source queue]'
            cand --to-profile 'Profile for the destination queue (another account)'
            cand --to-region 'Region of the destination queue [default: the region an ARN or URL names]'
            cand --function 'Re-invoke this function with each message (lambda engine)'
            cand --subscription 'For a DLQ that SNS subscriptions feed: the subscription (ARN) whose endpoint gets the messages'
            cand --engine 'How to move the messages'
            cand --filter 'Only messages that match: body.PATH=VALUE, body.PATH~VALUE, body~TEXT, attr.NAME=VALUE, attr.NAME~VALUE (repeatable; all must match)'
            cand --max 'Stop after N messages'
            cand --rate 'At most N messages per second (e.g. 20 or 20/s)'
            cand --max-velocity 'Native engine: at most N messages per second (1–500)'
            cand --backup 'Append each message to this JSONL file (fsynced) before it is moved'
            cand --visibility-timeout 'Seconds a received message stays hidden (extended while it is being moved)'
            cand --profile 'Named profile from ~/.aws/config (SSO and assume-role profiles work) [env: AWS_PROFILE]'
            cand --region 'AWS region, e.g. eu-west-1 [env: AWS_REGION]; `audit deployed`, `dlq list`, `coldstarts` and `doctor` take a comma list: us-east-1,eu-west-1'
            cand --endpoint-url 'Send every AWS call to this URL, e.g. a local emulator [env: AWS_ENDPOINT_URL]'
            cand --max-attempts 'Attempts per AWS call, throttling retries included (adaptive retry mode)'
            cand -o 'Output format of the result on stdout'
            cand --output 'Output format of the result on stdout'
            cand --color 'When to use colors (NO_COLOR is honoured in auto)'
            cand --dry-run 'Show what would be moved, move nothing'
            cand -y 'Do not ask for confirmation'
            cand --yes 'Do not ask for confirmation'
            cand --cancel 'Cancel the DLQ''s running move task instead'
            cand --all-regions 'Every region the account has enabled (account:ListRegions); for `audit deployed`, `dlq list`, `coldstarts` and `doctor`'
            cand -q 'No progress bars or warnings on stderr; errors are still printed'
            cand --quiet 'No progress bars or warnings on stderr; errors are still printed'
            cand -v 'Log what gearctl does on stderr (-v info, -vv debug, -vvv SDK debug)'
            cand --verbose 'Log what gearctl does on stderr (-v info, -vv debug, -vvv SDK debug)'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'gearctl;dlq;help'= {
            cand list 'Find the DLQs in the region (queue redrive policies, Lambda DLQs and on-failure destinations) with their depth and sources'
            cand peek 'Show messages without consuming them; they are visible again right after'
            cand export 'Write messages to a JSONL file; with --delete, drain the queue into it'
            cand import 'Send the messages of a JSONL file (from `dlq export`) to a queue'
            cand redrive 'Move messages back to their source queue, to another queue, or re-invoke the function'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'gearctl;dlq;help;list'= {
        }
        &'gearctl;dlq;help;peek'= {
        }
        &'gearctl;dlq;help;export'= {
        }
        &'gearctl;dlq;help;import'= {
        }
        &'gearctl;dlq;help;redrive'= {
        }
        &'gearctl;dlq;help;help'= {
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
            cand --region 'AWS region, e.g. eu-west-1 [env: AWS_REGION]; `audit deployed`, `dlq list`, `coldstarts` and `doctor` take a comma list: us-east-1,eu-west-1'
            cand --endpoint-url 'Send every AWS call to this URL, e.g. a local emulator [env: AWS_ENDPOINT_URL]'
            cand --max-attempts 'Attempts per AWS call, throttling retries included (adaptive retry mode)'
            cand -o 'Output format of the result on stdout'
            cand --output 'Output format of the result on stdout'
            cand --color 'When to use colors (NO_COLOR is honoured in auto)'
            cand --all-regions 'Every region the account has enabled (account:ListRegions); for `audit deployed`, `dlq list`, `coldstarts` and `doctor`'
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
            cand --region 'AWS region, e.g. eu-west-1 [env: AWS_REGION]; `audit deployed`, `dlq list`, `coldstarts` and `doctor` take a comma list: us-east-1,eu-west-1'
            cand --endpoint-url 'Send every AWS call to this URL, e.g. a local emulator [env: AWS_ENDPOINT_URL]'
            cand --max-attempts 'Attempts per AWS call, throttling retries included (adaptive retry mode)'
            cand -o 'Output format of the result on stdout'
            cand --output 'Output format of the result on stdout'
            cand --color 'When to use colors (NO_COLOR is honoured in auto)'
            cand --all-regions 'Every region the account has enabled (account:ListRegions); for `audit deployed`, `dlq list`, `coldstarts` and `doctor`'
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
            cand iam 'Least-privilege IAM policies per function, from serverless.yml and the handler code; and what deployed roles grant beyond them'
            cand dlq 'Dead-letter queues: find them, look inside, export, import, and redrive without losing a message'
            cand coldstarts 'Cold-start counts and init durations per function, from CloudWatch Logs'
            cand doctor 'Show who and where gearctl runs as, check access, and list the IAM actions each command needs'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'gearctl;help;audit'= {
            cand deployed 'Audit the deployed functions: code size, layers, versions and the storage they hold; prune old versions'
        }
        &'gearctl;help;audit;deployed'= {
        }
        &'gearctl;help;iam'= {
            cand generate 'Generate one least-privilege policy per function (offline: no AWS call)'
            cand diff 'Compare deployed functions'' roles with what their code needs: excess and missing'
            cand check 'Check the roles serverless.yml declares against what the code needs (offline)'
        }
        &'gearctl;help;iam;generate'= {
        }
        &'gearctl;help;iam;diff'= {
        }
        &'gearctl;help;iam;check'= {
        }
        &'gearctl;help;dlq'= {
            cand list 'Find the DLQs in the region (queue redrive policies, Lambda DLQs and on-failure destinations) with their depth and sources'
            cand peek 'Show messages without consuming them; they are visible again right after'
            cand export 'Write messages to a JSONL file; with --delete, drain the queue into it'
            cand import 'Send the messages of a JSONL file (from `dlq export`) to a queue'
            cand redrive 'Move messages back to their source queue, to another queue, or re-invoke the function'
        }
        &'gearctl;help;dlq;list'= {
        }
        &'gearctl;help;dlq;peek'= {
        }
        &'gearctl;help;dlq;export'= {
        }
        &'gearctl;help;dlq;import'= {
        }
        &'gearctl;help;dlq;redrive'= {
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
