#!/usr/bin/env bash
# Regenerates Onnx.g.cs from onnx.proto with protoc from the Google.Protobuf.Tools package (the same version as the
# Google.Protobuf runtime in Directory.Packages.props). Run once after replacing onnx.proto; commit both files.
set -euo pipefail
cd "$(dirname "$0")"
version=3.36.2
packages=${NUGET_PACKAGES:-$HOME/.nuget/packages}
protoc=$packages/google.protobuf.tools/$version/tools/linux_x64/protoc
if [ ! -x "$protoc" ]; then
  # Fetch the tools package into the NuGet cache through an empty project (the ordinary NuGet client).
  work=$(mktemp -d)
  cat > "$work/fetch.csproj" <<PROJECT
<Project Sdk="Microsoft.NET.Sdk">
  <PropertyGroup><TargetFramework>net8.0</TargetFramework><ManagePackageVersionsCentrally>false</ManagePackageVersionsCentrally></PropertyGroup>
  <ItemGroup><PackageDownload Include="Google.Protobuf.Tools" Version="[$version]" /></ItemGroup>
</Project>
PROJECT
  dotnet restore "$work/fetch.csproj" >/dev/null
  rm -rf "$work"
  chmod +x "$protoc"
fi
# internal_access: the message classes are an implementation detail of NetGen.Onnx, not part of its public surface.
"$protoc" --csharp_out=. --csharp_opt=internal_access,file_extension=.g.cs onnx.proto
echo "wrote $(pwd)/Onnx.g.cs with $("$protoc" --version)"
