
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
            cand doctor 'Show who and where gearctl runs as, check access, and list the IAM actions each command needs'
            cand help 'Print this message or the help of the given subcommand(s)'
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
            cand doctor 'Show who and where gearctl runs as, check access, and list the IAM actions each command needs'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'gearctl;help;doctor'= {
        }
        &'gearctl;help;help'= {
        }
    ]
    $completions[$command]
}
