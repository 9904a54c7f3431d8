from scenarios.cli.launch import main

main()
