from stretchlog.cli import main

main()
