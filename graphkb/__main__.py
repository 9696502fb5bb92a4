from graphkb.cli import main

main()
