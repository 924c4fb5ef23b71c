from search_cli.main import main

main()
