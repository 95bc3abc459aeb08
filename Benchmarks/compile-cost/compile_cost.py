#!/usr/bin/python3
"""What NetGen costs a user's edit-and-build loop: a console project with 20 small networks against the same project
without them.

Creates two projects in a scratch folder, identical but for one file of 20 network declarations (2-16 wide, 2-3 Linear
layers, activations and losses drawn from a fixed seed). Both reference the repository's Runtime and Generator
projects (as a user of the repository would), or with --package the NetGen package packed from this repository.
Builds each once, then in interleaved rounds edits a comment in a file of each project and times
`dotnet build --no-restore` (the compiler server stays warm, as in an edit loop). Prints the median edit-and-build
time of each project, their ratio, and the size of the generated source (EmitCompilerGeneratedFiles).

Usage: compile_cost.py [--rounds N] [--seed S] [--package] [--keep] [--dir PATH]
"""
import argparse
import os
import random
import shutil
import statistics
import subprocess
import sys
import tempfile
import time

REPO = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))
NETWORKS = 20

# Activations a hidden layer draws from, written as a user writes them.
HIDDEN_ACTIVATIONS = ["ReLU", "Tanh", "Sigmoid", "LeakyReLU(0.1)", "GELU", "SiLU", "ELU(1.0)", "Softplus"]


def network_source(seed):
    """The 20 declarations: each 2 or 3 Linear layers of 2..16 features with an activation between them, and a loss
    (MSELoss on a linear output, BCELoss on one sigmoid output, or CrossEntropyLoss on a softmax)."""
    rng = random.Random(seed)
    lines = ["using NetGen;", "", "namespace CompileCost;", ""]
    for n in range(NETWORKS):
        layers = rng.choice([2, 3])
        loss = rng.choice(["MSELoss", "BCELoss", "CrossEntropyLoss"])
        widths = [rng.randint(2, 16) for _ in range(layers + 1)]
        if loss == "BCELoss":
            widths[-1] = 1
        elif loss == "CrossEntropyLoss":
            widths[-1] = max(widths[-1], 2)
        attributes = []
        for i in range(layers):
            attributes.append(f"Linear({widths[i]}, {widths[i + 1]})")
            if i < layers - 1:
                attributes.append(rng.choice(HIDDEN_ACTIVATIONS))
        if loss == "BCELoss":
            attributes.append("Sigmoid")
        elif loss == "CrossEntropyLoss":
            attributes.append("Softmax")
        lines.append(f"[{', '.join(attributes)}]")
        lines.append(f"[{loss}]")
        lines.append(f"public partial class Net{n:02} {{ }}")
        lines.append("")
    return "\n".join(lines)


def project_file(package_version):
    if package_version:
        references = f'    <PackageReference Include="NetGen" Version="{package_version}" />'
    else:
        references = (f'    <ProjectReference Include="{REPO}/Runtime/Runtime.csproj" />\n'
                      f'    <ProjectReference Include="{REPO}/Generator/Generator.csproj" OutputItemType="Analyzer" '
                      'ReferenceOutputAssembly="false" />')
    return f"""<Project Sdk="Microsoft.NET.Sdk">
  <PropertyGroup>
    <OutputType>Exe</OutputType>
    <TargetFramework>net10.0</TargetFramework>
    <Nullable>enable</Nullable>
    <RootNamespace>CompileCost</RootNamespace>
    <EmitCompilerGeneratedFiles>true</EmitCompilerGeneratedFiles>
  </PropertyGroup>
  <ItemGroup>
{references}
  </ItemGroup>
</Project>
"""


PROGRAM = """namespace CompileCost;

public static class Program
{
    public static int Main(string[] args) => args.Length;
}
"""


def edited_file(round_number):
    # The edit a user makes most: a comment in an unrelated file. The generator's inputs do not change.
    return f"namespace CompileCost;\n\n// edit {round_number}\ninternal static class Edited {{ }}\n"


def run(command, cwd, env=None):
    result = subprocess.run(command, cwd=cwd, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    if result.returncode != 0:
        sys.stdout.write(result.stdout)
        raise SystemExit(f"failed: {' '.join(command)} in {cwd}")
    return result.stdout


def build_seconds(project_dir, round_number, env):
    with open(os.path.join(project_dir, "Edited.cs"), "w") as f:
        f.write(edited_file(round_number))
    start = time.perf_counter()
    run(["dotnet", "build", "-c", "Release", "--no-restore", "-nologo", "-v:q"], project_dir, env)
    return time.perf_counter() - start


def generated_bytes(project_dir):
    folder = os.path.join(project_dir, "obj", "Release", "net10.0", "generated")
    total, files = 0, 0
    for root, _, names in os.walk(folder):
        for name in names:
            if name.endswith(".g.cs"):
                total += os.path.getsize(os.path.join(root, name))
                files += 1
    return total, files


def generator_seconds(project_dir, env):
    """The generator's own execution time in one more (untimed) edit-and-build, as the compiler reports it with
    ReportAnalyzer: the rest of the difference between the two projects is the compiler binding what it emitted."""
    with open(os.path.join(project_dir, "Edited.cs"), "w") as f:
        f.write(edited_file(-1))
    output = run(["dotnet", "build", "-c", "Release", "--no-restore", "-nologo", "-v:d", "-p:ReportAnalyzer=true"], project_dir, env)
    for line in output.splitlines():
        fields = line.split()
        if len(fields) >= 3 and fields[-1] == "NetGen.Generator.NetworkGenerator":
            return float(fields[0])
    return None


def pack(scratch, env):
    """Packs Runtime (with the generator inside) under a version unique to this run, into a local feed, and
    restores into a private packages folder so no global cache holds a stale copy."""
    version = f"0.1.0-cost{int(time.time())}"
    feed = os.path.join(scratch, "feed")
    run(["dotnet", "pack", os.path.join(REPO, "Runtime", "Runtime.csproj"), "-c", "Release", "-o", feed,
         f"-p:Version={version}", "-nologo", "-v:q"], REPO, env)
    with open(os.path.join(scratch, "nuget.config"), "w") as f:
        f.write(f"""<?xml version="1.0" encoding="utf-8"?>
<configuration>
  <config><add key="globalPackagesFolder" value="{os.path.join(scratch, 'packages')}" /></config>
  <packageSources><add key="netgen-local" value="{feed}" /></packageSources>
</configuration>
""")
    return version


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--rounds", type=int, default=7, help="timed edit-and-build rounds per project (median reported)")
    parser.add_argument("--seed", type=int, default=20261130, help="seed of the 20 network declarations")
    parser.add_argument("--package", action="store_true", help="reference the packed NetGen package instead of the projects")
    parser.add_argument("--keep", action="store_true", help="keep the scratch folder")
    parser.add_argument("--dir", help="scratch folder (default: a new temporary one)")
    args = parser.parse_args()

    scratch = args.dir or tempfile.mkdtemp(prefix="netgen-compile-cost-")
    os.makedirs(scratch, exist_ok=True)
    env = dict(os.environ, DOTNET_CLI_TELEMETRY_OPTOUT="1", DOTNET_NOLOGO="1")
    version = pack(scratch, env) if args.package else None
    # Outside the repository on purpose: its Directory.Build.props and central package versions must not apply,
    # a user's project has neither.
    projects = {"with networks": os.path.join(scratch, "WithNetworks"), "without networks": os.path.join(scratch, "WithoutNetworks")}
    for name, folder in projects.items():
        os.makedirs(folder, exist_ok=True)
        with open(os.path.join(folder, "CompileCost.csproj"), "w") as f:
            f.write(project_file(version))
        with open(os.path.join(folder, "Program.cs"), "w") as f:
            f.write(PROGRAM)
        if name == "with networks":
            with open(os.path.join(folder, "Networks.cs"), "w") as f:
                f.write(network_source(args.seed))
        run(["dotnet", "restore", "-nologo", "-v:q"], folder, env)
        build_seconds(folder, 0, env)  # the first, full build (and the compiler server's start) is not timed

    times = {name: [] for name in projects}
    for round_number in range(1, args.rounds + 1):
        for name, folder in projects.items():  # interleaved: load that comes and goes hits both alike
            times[name].append(build_seconds(folder, round_number, env))

    size, files = generated_bytes(projects["with networks"])
    generator = generator_seconds(projects["with networks"], env)
    with_median = statistics.median(times["with networks"])
    without_median = statistics.median(times["without networks"])
    source = f"package {version}" if version else "project references to Generator/ and Runtime/"
    print(f"NetGen compile cost: {NETWORKS} networks (seed {args.seed}), {source}, {args.rounds} rounds")
    print(f"  generated source: {size:,} bytes in {files} files ({size / 1024:,.0f} KB)")
    for name in projects:
        print(f"  edit-and-build {name:17}: median {statistics.median(times[name]):6.2f} s  "
              f"(runs: {', '.join(f'{t:.2f}' for t in times[name])})")
    print(f"  ratio with / without: {with_median / without_median:.2f}x  (+{with_median - without_median:.2f} s an edit)")
    if generator is not None:
        print(f"  of which NetGen's generator itself (ReportAnalyzer, one more build): {generator:.2f} s")
    if args.keep or args.dir:
        print(f"  projects kept in {scratch}")
    else:
        shutil.rmtree(scratch, ignore_errors=True)


if __name__ == "__main__":
    main()
