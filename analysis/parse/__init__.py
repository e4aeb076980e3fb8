"""Reading printed text: figures, periods and authorities as the papers print them."""
