
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
            [CompletionResult]::new('--region', '--region', [CompletionResultType]::ParameterName, 'AWS region, e.g. eu-west-1 [env: AWS_REGION]')
            [CompletionResult]::new('--endpoint-url', '--endpoint-url', [CompletionResultType]::ParameterName, 'Send every AWS call to this URL, e.g. a local emulator [env: AWS_ENDPOINT_URL]')
            [CompletionResult]::new('--max-attempts', '--max-attempts', [CompletionResultType]::ParameterName, 'Attempts per AWS call, throttling retries included (adaptive retry mode)')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Output format of the result on stdout')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format of the result on stdout')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use colors (NO_COLOR is honoured in auto)')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'No progress bars or warnings on stderr; errors are still printed')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'No progress bars or warnings on stderr; errors are still printed')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Log what gearctl does on stderr (-v info, -vv debug, -vvv SDK debug)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Log what gearctl does on stderr (-v info, -vv debug, -vvv SDK debug)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('doctor', 'doctor', [CompletionResultType]::ParameterValue, 'Show who and where gearctl runs as, check access, and list the IAM actions each command needs')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'gearctl;doctor' {
            [CompletionResult]::new('--profile', '--profile', [CompletionResultType]::ParameterName, 'Named profile from ~/.aws/config (SSO and assume-role profiles work) [env: AWS_PROFILE]')
            [CompletionResult]::new('--region', '--region', [CompletionResultType]::ParameterName, 'AWS region, e.g. eu-west-1 [env: AWS_REGION]')
            [CompletionResult]::new('--endpoint-url', '--endpoint-url', [CompletionResultType]::ParameterName, 'Send every AWS call to this URL, e.g. a local emulator [env: AWS_ENDPOINT_URL]')
            [CompletionResult]::new('--max-attempts', '--max-attempts', [CompletionResultType]::ParameterName, 'Attempts per AWS call, throttling retries included (adaptive retry mode)')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Output format of the result on stdout')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format of the result on stdout')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use colors (NO_COLOR is honoured in auto)')
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
            [CompletionResult]::new('doctor', 'doctor', [CompletionResultType]::ParameterValue, 'Show who and where gearctl runs as, check access, and list the IAM actions each command needs')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
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
