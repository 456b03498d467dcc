# ImapTools build script for Windows. Targets: build | test | demo | bench | package  (default: build)
# package [--tools a,b] [--rids linux-x64,win-x64,osx-arm64] [--out dist]: one archive per tool and platform under dist/
# (on Windows linux-x64 cannot be NativeAOT: it is a self-contained single file there; see packaging/Package.cs).
param(
    [ValidateSet('build', 'test', 'demo', 'bench', 'deps', 'package')][string]$Target = 'build',
    [Parameter(ValueFromRemainingArguments = $true)][string[]]$Rest = @()
)
$ErrorActionPreference = 'Stop'
Set-Location $PSScriptRoot
$Config = if ($env:CONFIG) { $env:CONFIG } else { 'Release' }
$Sln = 'ImapTools.sln'

function Need-Dotnet {
    if (-not (Get-Command dotnet -ErrorAction SilentlyContinue)) {
        throw 'The .NET SDK (dotnet, net10.0) is not installed or not on PATH. Install the .NET 10 SDK from https://dot.net.'
    }
}

function Invoke-Build {
    Need-Dotnet
    dotnet build -c $Config $Sln -nologo -v q
    if ($LASTEXITCODE -ne 0) { exit $LASTEXITCODE }
}

function Invoke-Test {
    Invoke-Build
    $results = Join-Path $PSScriptRoot 'artifacts/test-results'
    if (Test-Path $results) { Remove-Item -Recurse -Force $results }
    dotnet test $Sln -c $Config --no-build --logger trx --results-directory $results
    $rc = $LASTEXITCODE
    $passed = 0; $failed = 0; $skipped = 0
    foreach ($trx in Get-ChildItem $results -Filter *.trx -ErrorAction SilentlyContinue) {
        [xml]$doc = Get-Content $trx.FullName
        $c = $doc.TestRun.ResultSummary.Counters
        $passed += [int]$c.passed; $failed += [int]$c.failed; $skipped += [int]$c.notExecuted
    }
    $summary = "$passed passed, $failed failed"
    if ($skipped -gt 0) { $summary += ", $skipped skipped" }
    Write-Output $summary
    Write-Output 'Note: the integration tests need Dovecot, which runs on Linux only; on Windows they fail to start it.'
    if ($failed -gt 0 -or ($passed + $failed) -eq 0 -or $rc -ne 0) { exit 1 }
}

function Invoke-Package {
    Need-Dotnet
    dotnet run --file packaging/Package.cs -- @Rest
    if ($LASTEXITCODE -ne 0) { exit $LASTEXITCODE }
}

switch ($Target) {
    'deps' { Need-Dotnet; Write-Output 'Dovecot (needed by the integration tests and the demo) is installed by ./build.sh deps on Debian/Ubuntu.' }
    'build' { Invoke-Build }
    'test' { Invoke-Test }
    'package' { Invoke-Package }
    'demo' { Write-Output 'The demo needs Dovecot, which runs on Linux: run ./build.sh demo on a Debian/Ubuntu machine (or WSL).'; exit 1 }
    'bench' { Write-Output 'The benchmark needs Dovecot, mbsync and doveadm, which run on Linux: run ./build.sh bench on a Debian/Ubuntu machine (or WSL).'; exit 1 }
}
