using System;

namespace LegacyLib
{
	/// <summary>An item kept in stock.</summary>
	public class StockItem
	{
		private string m_sName;
		private int m_nQuantity;
		private decimal m_dPrice;

		public StockItem(string sName, int nQuantity, decimal dPrice)
		{
			m_sName = sName;
			m_nQuantity = nQuantity;
			m_dPrice = dPrice;
		}

		public string Name
		{
			get { return m_sName; }
		}

		public int Quantity
		{
			get { return m_nQuantity; }
			set { m_nQuantity = value; }
		}

		public decimal Price
		{
			get { return m_dPrice; }
		}

		public decimal Value()
		{
			return m_nQuantity * m_dPrice;
		}
	}
}
