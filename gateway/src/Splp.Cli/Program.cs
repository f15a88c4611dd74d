using Splp.Cli;

return SplpCommand.Create(Console.Out, Console.Error).Parse(args).Invoke();
