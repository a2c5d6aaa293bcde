using System.CommandLine;
using Edqa.Cli;
using Edqa.Cli.Commands;

var root = new RootCommand("eDQA co-design: quantize activations as the spec says, inspect .edqa files, drive the accelerator model.");
root.Subcommands.Add(QuantizeCommand.Create());
root.Subcommands.Add(DequantizeCommand.Create());
root.Subcommands.Add(InspectCommand.Create());
root.Subcommands.Add(RunCommand.Create());
return CommandLineHost.Run(root, args);
