"""Self-evaluation forms, one module per concern. The area and voice forms are built per area from
the framework file, so no statement is ever written into a template."""
