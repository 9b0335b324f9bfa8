import { mount } from 'svelte';
import App from './App.svelte';
import './app.css';
import { applyDocumentLocale } from './lib/i18n.svelte';
import { loadSession } from './lib/session.svelte';

applyDocumentLocale();
void loadSession();

export default mount(App, { target: document.getElementById('app')! });
