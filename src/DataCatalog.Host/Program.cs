using DataCatalog.Host.Cli;

return await CatalogCommandLine.RunAsync(args);
