using Edqa.Cli;

return CommandLineHost.Run(EdqaCommandLine.Build(), args);
