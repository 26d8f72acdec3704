using System;
using System.Collections;
using System.Collections.Generic;

namespace LegacyLib
{
	/// <summary>Stock of a warehouse, by item name.</summary>
	public class Inventory
	{
		private Hashtable m_htItems = new Hashtable();
		private ArrayList m_alHistory = new ArrayList();

		public void Add(StockItem item)
		{
			if (item == null)
			{
				throw new ArgumentNullException("item");
			}

			m_htItems[item.Name] = item;
			m_alHistory.Add("added " + item.Name);
		}

		public StockItem Find(string sName)
		{
			return (StockItem)m_htItems[sName];
		}

		public bool Remove(string sName, int nQuantity)
		{
			StockItem item = Find(sName);
			if (item == null || item.Quantity < nQuantity)
			{
				return false;
			}

			item.Quantity = item.Quantity - nQuantity;
			m_alHistory.Add("removed " + nQuantity + " " + sName);
			return true;
		}

		public decimal TotalValue()
		{
			decimal dTotal = 0;
			foreach (StockItem item in m_htItems.Values)
			{
				dTotal += item.Value();
			}

			return dTotal;
		}

		public void ClearHistory()
		{
			m_alHistory.Clear();
		}
	}
}
