from dealercrm.cli import main

raise SystemExit(main())
