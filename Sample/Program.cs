using System;
using System.IO;
using NetGen.Sample;
using Spectre.Console;

// The lesson NetGen grew from, as a program: each part shows its claim with numbers or a picture.
// Written to a file or a pipe, the output has no terminal width: let tables take the width they need, not 80 columns.
if (Console.IsOutputRedirected) AnsiConsole.Profile.Width = 120;
AnsiConsole.Write(new Rule("[bold]Activation functions, with NetGen[/]"));
string outputFolder = AppContext.BaseDirectory;

ActivationGallery.Show(Path.Combine(outputFolder, "activations.png"));
TwoWays.Show();
var results = WhyNonLinearity.Show(Path.Combine(outputFolder, "loss-curves.png"));
DyingReLU.Show();
MultiClass.Show(Path.Combine(outputFolder, "data", "iris.csv"), Path.Combine(outputFolder, "iris-training.png"));

AnsiConsole.Write(new Rule("[bold]Rule of thumb[/]"));
AnsiConsole.MarkupLine("If you don't know which activation to use, use [bold]ReLU[/] in the hidden layers; " +
                       "if training stalls because units stop updating, try [bold]Leaky ReLU[/]. " +
                       "End with [bold]Sigmoid[/] for a yes/no answer and [bold]Softmax[/] for one of several classes.");
return results.AllAsExpected ? 0 : 1;
